package io.kept.followup;

import io.kept.testkit.MutableClock;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Instant;

/**
 * Replaces the system clock in this module's tests: half an hour after the test recoveries were resolved
 * ({@code FollowUpTestSupport.RESOLVED}), so answers given "now" come after their follow-ups were scheduled
 * and before the first one falls due.
 */
public class TestClock {

    @Produces
    @Singleton
    MutableClock clock() {
        return new MutableClock(Instant.parse("2026-03-02T10:30:00Z"));
    }
}
