package io.kept.followup.domain;

import io.kept.events.followup.FollowUpScheduled;
import io.kept.eventstore.Lifecycle;
import java.time.Instant;

/** A follow-up as its events left it. */
public record FollowUpState(FollowUpStatus status, FollowUpScheduled scheduled, Instant completedAt) implements Lifecycle.State {

    public static final FollowUpState NONE = new FollowUpState(FollowUpStatus.NONE, null, null);

    @Override
    public boolean exists() {
        return status != FollowUpStatus.NONE;
    }
}
