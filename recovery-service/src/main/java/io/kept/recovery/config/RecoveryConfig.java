package io.kept.recovery.config;

import io.kept.events.promise.Severity;
import io.kept.recovery.domain.RecoveryTargets;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Recovery policy: targets per severity and the agent's approval limit. Which failure is escalated as a repeat is the
 * trust budget's rule ({@code kept.trust.*}, {@link io.kept.events.TrustBudget}), shared with analytics-service.
 */
@ConfigMapping(prefix = "kept.recovery")
public interface RecoveryConfig {

    /**
     * Deprecated: how far back a customer's earlier failures count. Set {@code kept.trust.window} instead; when this is
     * still set, it is used as the window and a warning is logged (this release only).
     */
    Optional<Duration> lookBack();

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
