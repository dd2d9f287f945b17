package io.kept.followup.config;

import io.kept.followup.domain.FollowUpPolicy;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Follow-up policy and the overdue watcher. */
@ConfigMapping(prefix = "kept.followup")
public interface FollowUpConfig {

    /** When the satisfaction check is due after a recovery was resolved. */
    @WithDefault("PT2H")
    Duration satisfactionCheckAfter();

    /** When the check-in is due after a recovery was resolved (or abandoned). */
    @WithDefault("P3D")
    Duration checkInAfter();

    /** Per guarantee id: its own timing (kept.followup.guarantees."id".satisfaction-check-after, …). */
    Map<String, Timing> guarantees();

    /**
     * The old names of {@code kept.watchers.followup-overdue.grace}, {@code .enabled} and {@code .interval}: still
     * read for this release (eventstore's {@code RenamedWatcherKeys} hands them to the new keys, with a warning), and
     * declared here only so that a configuration still using them is not refused as unknown.
     */
    @Deprecated(forRemoval = true)
    Optional<Duration> grace();

    @Deprecated(forRemoval = true)
    Optional<Boolean> watcherEnabled();

    @Deprecated(forRemoval = true)
    Optional<String> watcherInterval();

    interface Timing {
        Optional<Duration> satisfactionCheckAfter();

        Optional<Duration> checkInAfter();
    }

    default FollowUpPolicy policy() {
        FollowUpPolicy.Timing defaults = new FollowUpPolicy.Timing(satisfactionCheckAfter(), checkInAfter());
        Map<String, FollowUpPolicy.Timing> overrides = new HashMap<>();
        guarantees().forEach((id, t) -> overrides.put(id, new FollowUpPolicy.Timing(
                t.satisfactionCheckAfter().orElse(defaults.satisfactionCheckAfter()),
                t.checkInAfter().orElse(defaults.checkInAfter()))));
        return new FollowUpPolicy(defaults, Map.copyOf(overrides));
    }
}
