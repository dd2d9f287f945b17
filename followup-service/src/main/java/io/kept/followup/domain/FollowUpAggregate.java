package io.kept.followup.domain;

import io.kept.events.EventPayload;
import io.kept.events.followup.FollowUpCancelled;
import io.kept.events.followup.FollowUpCompleted;
import io.kept.events.followup.FollowUpMissed;
import io.kept.events.followup.FollowUpScheduled;
import io.kept.eventstore.Lifecycle;
import io.kept.eventstore.domain.DomainException;
import java.time.Instant;
import java.util.List;

/**
 * A follow-up after a recovery: ask whether the customer is satisfied now, or check in days
 * later. It is completed with the answer or cancelled; if nobody does either by its due time
 * plus grace, it is recorded as missed (and can still be completed late).
 */
public final class FollowUpAggregate extends Lifecycle<FollowUpState, FollowUpCommand, FollowUpCommand.Schedule> {

    public static final FollowUpAggregate INSTANCE = new FollowUpAggregate();

    private FollowUpAggregate() {
        super(FollowUpState.NONE, FollowUpCommand.Schedule.class, "follow-up");
    }

    @Override
    protected List<EventPayload> begin(FollowUpState state, FollowUpCommand.Schedule schedule) {
        return state.exists() ? List.of() : List.of(schedule.followUp());
    }

    @Override
    protected List<EventPayload> change(FollowUpState state, FollowUpCommand command) {
        String id = state.scheduled().followUpId();
        if (command instanceof FollowUpCommand.Complete complete) {
            if (complete.score() < 1 || complete.score() > 5) {
                throw DomainException.invalidInput("score", "must be from 1 to 5, got " + complete.score());
            }
            requireOpen(state, id, "completed");
            notBeforeScheduled(state, complete.at());
            return List.of(new FollowUpCompleted(id, complete.at(), complete.satisfied(), complete.score(),
                    complete.retained(), complete.comment(), complete.by()));
        }
        if (command instanceof FollowUpCommand.Cancel cancel) {
            requireOpen(state, id, "cancelled");
            notBeforeScheduled(state, cancel.at());
            return List.of(new FollowUpCancelled(id, cancel.at(), cancel.reason(), cancel.by()));
        }
        if (command instanceof FollowUpCommand.CheckOverdue check) {
            var due = state.scheduled().dueAt();
            if (state.status() == FollowUpStatus.SCHEDULED && !check.now().isBefore(due.plus(check.grace()))) {
                return List.of(new FollowUpMissed(id, due.plus(check.grace()), due));
            }
            return List.of();
        }
        throw new IllegalArgumentException("Unknown command " + command);
    }

    /**
     * An answer or a cancellation cannot be dated before the follow-up existed. Events written before
     * December 2026 do not say when that was, and are not checked.
     */
    private static void notBeforeScheduled(FollowUpState state, Instant at) {
        Instant scheduledAt = state.scheduled().scheduledAt();
        if (scheduledAt != null && at.isBefore(scheduledAt)) {
            throw DomainException.ruleViolated("at", "at (" + at + ") is before the follow-up was scheduled ("
                    + scheduledAt + ")");
        }
    }

    private static void requireOpen(FollowUpState state, String id, String what) {
        if (state.status().isFinal()) {
            throw DomainException.illegalTransition("Follow-up " + id + " is already " + state.status().value()
                    + "; it cannot be " + what);
        }
    }

    @Override
    public FollowUpState apply(FollowUpState state, EventPayload event) {
        if (event instanceof FollowUpScheduled scheduled) {
            return new FollowUpState(FollowUpStatus.SCHEDULED, scheduled, null);
        }
        if (event instanceof FollowUpMissed) {
            return new FollowUpState(FollowUpStatus.MISSED, state.scheduled(), null);
        }
        if (event instanceof FollowUpCompleted completed) {
            return new FollowUpState(FollowUpStatus.COMPLETED, state.scheduled(), completed.completedAt());
        }
        if (event instanceof FollowUpCancelled cancelled) {
            return new FollowUpState(FollowUpStatus.CANCELLED, state.scheduled(), cancelled.cancelledAt());
        }
        return state;
    }
}
