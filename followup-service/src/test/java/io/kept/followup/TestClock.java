package io.kept.followup;

import io.kept.testkit.MutableClock;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Instant;

/** Replaces the system clock in this module's tests. */
public class TestClock {

    @Produces
    @Singleton
    MutableClock clock() {
        return new MutableClock(Instant.parse("2026-03-02T08:00:00Z"));
    }
}
