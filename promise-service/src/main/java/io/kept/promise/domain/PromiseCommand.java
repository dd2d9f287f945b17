package io.kept.promise.domain;

import io.kept.events.promise.FailureCategory;
import io.kept.events.promise.PromiseMade;
import io.kept.events.promise.Severity;
import java.time.Duration;
import java.time.Instant;

/** What can be asked of a promise. Times are business times, supplied by the client or the clock. */
public sealed interface PromiseCommand {

    /** Make the promise; repeating the same promise is harmless, a different one under the same id is refused. */
    record Make(PromiseMade promise) implements PromiseCommand {
    }

    record ReportKept(Instant keptAt) implements PromiseCommand {
    }

    record ReportBroken(Instant brokenAt, FailureCategory category, Severity severity, Boolean avoidable,
            String description) implements PromiseCommand {
    }

    record Pause(Instant pausedAt, String reason) implements PromiseCommand {
    }

    /** Resume; the due time moves by the working time the promise was paused, counted in {@code calendar}. */
    record Resume(Instant resumedAt, BusinessCalendar calendar) implements PromiseCommand {
    }

    record Cancel(Instant cancelledAt, String reason) implements PromiseCommand {
    }

    /**
     * The deadline watcher's check: breaks an open promise still open at due time plus grace,
     * and warns once when {@code atRiskFraction} of its window has passed.
     */
    record CheckDeadline(Instant now, Duration grace, double atRiskFraction, FailureCategory category,
            Severity severity) implements PromiseCommand {
    }
}
