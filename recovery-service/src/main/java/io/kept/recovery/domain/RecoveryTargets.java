package io.kept.recovery.domain;

import io.kept.events.promise.Severity;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/** How soon a recovery must be acknowledged and resolved, per severity of the failure. */
public record RecoveryTargets(Map<Severity, Duration> acknowledge, Map<Severity, Duration> resolve) {

    /** The defaults: acknowledge minor 4 h, major 1 h, critical 15 min; resolve 2 days, 1 day, 8 h. */
    public static final RecoveryTargets DEFAULTS = new RecoveryTargets(
            Map.of(Severity.MINOR, Duration.ofHours(4), Severity.MAJOR, Duration.ofHours(1),
                    Severity.CRITICAL, Duration.ofMinutes(15)),
            Map.of(Severity.MINOR, Duration.ofDays(2), Severity.MAJOR, Duration.ofDays(1),
                    Severity.CRITICAL, Duration.ofHours(8)));

    public RecoveryTargets {
        for (Severity severity : Severity.values()) {
            Objects.requireNonNull(acknowledge.get(severity), "acknowledge target for " + severity.value());
            Objects.requireNonNull(resolve.get(severity), "resolve target for " + severity.value());
        }
    }

    public Duration acknowledgeWithin(Severity severity) {
        return acknowledge.get(severity);
    }

    public Duration resolveWithin(Severity severity) {
        return resolve.get(severity);
    }
}
