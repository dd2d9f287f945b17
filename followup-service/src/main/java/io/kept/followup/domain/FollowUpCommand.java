package io.kept.followup.domain;

import io.kept.events.followup.FollowUpScheduled;
import java.time.Duration;
import java.time.Instant;

/** What can be asked of a follow-up. */
public sealed interface FollowUpCommand {

    record Schedule(FollowUpScheduled followUp) implements FollowUpCommand {
    }

    /** {@code by}: the verified caller who recorded the answer. */
    record Complete(Instant at, String by, boolean satisfied, int score, Boolean retained, String comment) implements FollowUpCommand {
    }

    record Cancel(Instant at, String by, String reason) implements FollowUpCommand {
    }

    /** The overdue check: a follow-up still open at its due time plus grace is missed, once. */
    record CheckOverdue(Instant now, Duration grace) implements FollowUpCommand {
    }
}
