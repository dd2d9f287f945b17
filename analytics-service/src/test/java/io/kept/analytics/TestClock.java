package io.kept.analytics;

import io.kept.testkit.MutableClock;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Instant;

/** The scripted day's evening, as "now" for this module's tests. */
public class TestClock {

    @Produces
    @Singleton
    MutableClock clock() {
        return new MutableClock(Instant.parse("2026-03-02T17:00:00Z"));
    }
}
