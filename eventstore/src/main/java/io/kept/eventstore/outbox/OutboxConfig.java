package io.kept.eventstore.outbox;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The outbox relay that publishes stored events to Kafka. */
@ConfigMapping(prefix = "kept.outbox")
public interface OutboxConfig {

    /** Whether this process runs a relay at all. */
    @WithDefault("true")
    boolean enabled();

    /** Most events published per round trip. */
    @WithDefault("500")
    int batchSize();

    /**
     * The longest the relay waits after a round that emptied the outbox: a commit in this process wakes it at once
     * ({@link OutboxWakeup}); events appended by another replica while this one holds the lease wait up to this.
     */
    @WithDefault("PT0.25S")
    Duration pollInterval();

    /**
     * How long the relay lingers once woken by a commit, so that the commits landing meanwhile go out in the same
     * round: fewer, fuller rounds cost Kafka and every consumer less per event, for this much more latency.
     */
    @WithDefault("PT0.002S")
    Duration linger();

    /** How long a relay's leadership lasts without renewal; another replica takes over after it. */
    @WithDefault("PT10S")
    Duration lease();

    /** How long a batch may wait for the broker's acknowledgements before it is retried. */
    @WithDefault("PT30S")
    Duration sendTimeout();

    /** After failing to publish for this long, the relay's wellness check {@code outbox-relay} is DOWN. */
    @WithDefault("PT1M")
    Duration unhealthyAfter();

    /**
     * How long a stopping relay waits for its round to end before it lets go (the lease is given up either way, and
     * what it did not publish stays in the outbox for the next relay). Well under the pod's termination grace period.
     */
    @WithDefault("PT5S")
    Duration stopWait();
}
