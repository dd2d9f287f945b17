package io.kept.promise.domain;

import io.kept.events.TrustBudget;
import java.time.Duration;
import java.time.Instant;

/** What can be asked of a guarantee. */
public sealed interface GuaranteeCommand {

    /**
     * Define it, or revise it when it exists and something changed (a PUT).
     *
     * @param trustBudget the guarantee's own trust budget, or null to share the one configured for all guarantees
     */
    record Define(String guaranteeId, String name, String customerProblem, String promise, Duration target,
            String calendar, double objective, double atRiskAt, TrustBudget trustBudget) implements GuaranteeCommand {
    }

    record Retire(Instant retiredAt, String reason) implements GuaranteeCommand {
    }
}
