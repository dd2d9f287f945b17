package io.kept.eventstore;

import static org.assertj.core.api.Assertions.assertThat;

import io.kept.testkit.KafkaResource;
import io.kept.testkit.PostgresResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** The one watcher loop: every enabled watcher runs on its own, never twice at once, and a failed round is not the last. */
@QuarkusTest
@WithTestResource(PostgresResource.class)
@WithTestResource(value = KafkaResource.class, initArgs = @ResourceArg(name = KafkaResource.TOPICS, value = KeptTestResources.TOPICS))
class WatchersIT {

    private final TestWatchers.Ticking ticking;
    private final TestWatchers.Off off;

    WatchersIT(TestWatchers.Ticking ticking, TestWatchers.Off off) {
        this.ticking = ticking;
        this.off = off;
    }

    @Test
    void anEnabledWatcherRunsEveryIntervalOneRoundAtATimeAndGoesOnAfterAFailedRound() {
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> ticking.rounds.get() >= 3);

        // Round 2 failed; the loop went on to round 3.
        assertThat(ticking.rounds.get()).isGreaterThanOrEqualTo(3);
        // A round (1.5 s) outlasts the interval (50 ms) and the scheduler's check (1 s): the ticks in between are
        // skipped, not run alongside.
        assertThat(ticking.mostAtOnce.get()).isEqualTo(1);
        assertThat(off.rounds.get()).as("rounds of a watcher whose enabled is false").isZero();
    }
}
