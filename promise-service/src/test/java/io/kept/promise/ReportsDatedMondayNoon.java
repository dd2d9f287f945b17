package io.kept.promise;

import io.kept.testkit.MutableClock;
import io.quarkus.arc.Arc;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;

/**
 * For tests whose reports without a time are dated now: now is Monday noon, after the promises these tests
 * make (Friday 2026-03-06) and before they fall due. Set before each test because other tests of the same
 * Quarkus start (DeadlineWatcherIT) move the shared clock.
 */
public abstract class ReportsDatedMondayNoon {

    @BeforeEach
    void itIsMondayNoon() {
        Arc.container().instance(MutableClock.class).get().set(Instant.parse("2026-03-09T12:00:00Z"));
    }
}
