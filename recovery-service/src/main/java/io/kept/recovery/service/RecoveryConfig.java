package io.kept.recovery.service;

import io.kept.events.promise.Severity;
import io.kept.recovery.domain.RecoveryTargets;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;

/** Recovery policy: look-back for repeat failures, targets per severity, the agent's approval limit. */
@ConfigMapping(prefix = "kept.recovery")
public interface RecoveryConfig {

    /** How far back a customer's earlier broken promises count as prior failures. */
    @WithDefault("P365D")
    Duration lookBack();

    /** A compensation above this amount (in the case's currency) needs approvedBy. */
    @WithDefault("50")
    BigDecimal approvalLimit();

    Targets acknowledge();

    Targets resolve();

    interface Targets {
        @WithDefault("PT0S")
        Duration minor();

        @WithDefault("PT0S")
        Duration major();

        @WithDefault("PT0S")
        Duration critical();
    }

    default RecoveryTargets targets() {
        return new RecoveryTargets(
                Map.of(Severity.MINOR, acknowledge().minor(), Severity.MAJOR, acknowledge().major(),
                        Severity.CRITICAL, acknowledge().critical()),
                Map.of(Severity.MINOR, resolve().minor(), Severity.MAJOR, resolve().major(),
                        Severity.CRITICAL, resolve().critical()));
    }
}
