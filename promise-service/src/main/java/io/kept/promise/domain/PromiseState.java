package io.kept.promise.domain;

import io.kept.events.promise.BreachCause;
import io.kept.events.promise.PromiseMade;
import io.kept.eventstore.Lifecycle;
import java.time.Instant;

/**
 * A promise as its events left it.
 *
 * @param made the promise as made (null before it exists)
 * @param dueAt the current due time: moved by pauses
 * @param pausedAt when the running pause began (null when not paused)
 * @param breachCause why it is broken (null unless broken)
 * @param atRisk whether the at-risk warning was emitted
 * @param keptLate whether it was kept after its due time
 */
public record PromiseState(PromiseStatus status, PromiseMade made, Instant dueAt, Instant pausedAt,
        BreachCause breachCause, boolean atRisk, boolean keptLate) implements Lifecycle.State {

    public static final PromiseState NONE = new PromiseState(PromiseStatus.NONE, null, null, null, null, false, false);

    @Override
    public boolean exists() {
        return status != PromiseStatus.NONE;
    }

    PromiseState withStatus(PromiseStatus next) {
        return new PromiseState(next, made, dueAt, pausedAt, breachCause, atRisk, keptLate);
    }
}
