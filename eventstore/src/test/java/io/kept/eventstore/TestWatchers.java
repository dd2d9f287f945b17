package io.kept.eventstore;

import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Watchers that only count their rounds, for {@link WatchersIT}; configured in this module's test properties. Singletons:
 * the test reads their fields, which a client proxy would not pass on.
 */
final class TestWatchers {

    private TestWatchers() {
    }

    /**
     * Every round takes longer than the interval, and longer than the scheduler's one-second check of its triggers,
     * so a second round would start while the first runs were ticks not skipped; every other round fails.
     */
    @Singleton
    static class Ticking implements Watcher {

        final AtomicInteger rounds = new AtomicInteger();
        final AtomicInteger running = new AtomicInteger();
        final AtomicInteger mostAtOnce = new AtomicInteger();

        @Override
        public String name() {
            return "test-ticking";
        }

        @Override
        public Uni<Integer> runOnce(Instant now) {
            int round = rounds.incrementAndGet();
            mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
            return Uni.createFrom().item(round).onItem().delayIt().by(Duration.ofMillis(1500))
                    .invoke(running::decrementAndGet)
                    .map(r -> {
                        if (r % 2 == 0) {
                            throw new IllegalStateException("round " + r + " fails, as a round may");
                        }
                        return 0;
                    });
        }
    }

    /** Disabled in the test properties: it must never run on its own. */
    @Singleton
    static class Off implements Watcher {

        final AtomicInteger rounds = new AtomicInteger();

        @Override
        public String name() {
            return "test-off";
        }

        @Override
        public Uni<Integer> runOnce(Instant now) {
            rounds.incrementAndGet();
            return Uni.createFrom().item(0);
        }
    }
}
