package io.kept.recovery.domain;

import io.kept.events.TrustBudget;
import io.kept.events.promise.Severity;
import io.kept.events.recovery.Compensation;
import java.math.BigDecimal;
import java.time.Instant;

/** What can be asked of a recovery. */
public sealed interface RecoveryCommand {

    /**
     * Open the recovery of a broken promise.
     *
     * @param avoidable true, false, or null when unknown
     * @param priorFailures the customer's earlier failures (broken, or kept late) within the trust budget's window
     * @param trust the trust budget: when the prior failures already spent it, the recovery is escalated
     */
    record Open(String recoveryId, String promiseId, String customerId, String guaranteeId, Severity severity,
            Boolean avoidable, int priorFailures, TrustBudget trust, Instant openedAt, RecoveryTargets targets)
            implements RecoveryCommand {
    }

    record Acknowledge(Instant at, String by, String apology) implements RecoveryCommand {
    }

    record Diagnose(Instant at, String by, String customerProblem, String rootCause) implements RecoveryCommand {
    }

    /**
     * Resolve, by {@code by} (the verified caller). A compensation above {@code approvalLimit} (in the
     * compensation's currency) needs a caller who is a supervisor; the event then names them as its approver.
     */
    record Resolve(Instant at, String resolution, Compensation compensation, String extraMile, String by,
            boolean bySupervisor, BigDecimal approvalLimit) implements RecoveryCommand {
    }

    record Abandon(Instant at, String by, String reason) implements RecoveryCommand {
    }

    /** The breach behind the recovery was retracted: the promise was kept after all. */
    record Withdraw(Instant at, String reason) implements RecoveryCommand {
    }

    /** The recovery clocks' check: escalate once per missed target. */
    record CheckClocks(Instant now) implements RecoveryCommand {
    }
}
