package io.kept.recovery;

import io.kept.testkit.MutableClock;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Instant;

/** Replaces the system clock in this module's tests, so targets pass when a test says so. */
public class TestClock {

    @Produces
    @Singleton
    MutableClock clock() {
        // Just after the recoveries the tests open (RecoveryTestSupport.T0): steps dated now come after them.
        return new MutableClock(Instant.parse("2026-03-02T10:05:00Z"));
    }
}
