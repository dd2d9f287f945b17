package io.kept.promise.config;

import io.kept.events.promise.FailureCategory;
import io.kept.events.promise.Severity;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The deadline watcher: {@code kept.watchers.deadline.*} (the old {@code kept.watcher.*} still works, with a warning). */
@ConfigMapping(prefix = "kept.watchers.deadline")
public interface WatcherConfig {

    /** Whether this process runs the watcher (every replica may; optimistic concurrency keeps breaches single). */
    @WithDefault("true")
    boolean enabled();

    /** How often it looks for due and at-risk promises. */
    @WithDefault("5s")
    String interval();

    /** How long after its due time an open promise is declared broken. */
    @WithDefault("PT1M")
    Duration grace();

    /**
     * Most promises claimed and checked in one transaction. A round claims the next chunk at once while chunks come
     * back full, so this bounds a transaction (and the advisory locks it holds, one per promise), not a round.
     */
    @WithDefault("500")
    int batchSize();

    /** Category of a breach the watcher detects. */
    @WithDefault("inefficiency")
    String breachCategory();

    /** Severity of a breach the watcher detects. */
    @WithDefault("major")
    String breachSeverity();

    default FailureCategory category() {
        for (FailureCategory c : FailureCategory.values()) {
            if (c.value().equals(breachCategory())) {
                return c;
            }
        }
        throw new IllegalArgumentException("kept.watchers.deadline.breach-category: unknown category " + breachCategory());
    }

    default Severity severity() {
        for (Severity s : Severity.values()) {
            if (s.value().equals(breachSeverity())) {
                return s;
            }
        }
        throw new IllegalArgumentException("kept.watchers.deadline.breach-severity: unknown severity " + breachSeverity());
    }
}
