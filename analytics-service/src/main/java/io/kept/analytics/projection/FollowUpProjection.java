package io.kept.analytics.projection;

import io.kept.events.followup.FollowUpCancelled;
import io.kept.events.followup.FollowUpCompleted;
import io.kept.events.followup.FollowUpMissed;
import io.kept.events.followup.FollowUpScheduled;
import java.util.List;

/** Table {@code followups}: one row per follow-up with its outcome. */
public class FollowUpProjection implements Projection {

    private final ProjectionTables.Keyed followups;

    FollowUpProjection(ProjectionTables t) {
        this.followups = t.keyed("followups", "followup_id");
    }

    @Override
    public void changes(ProjectedEvent e, List<Change> changes) {
        if (e.payload() instanceof FollowUpScheduled f) {
            changes.add(followups.create(f.followUpId()).with("recovery_id", f.recoveryId())
                    .with("customer_id", f.customerId()).with("kind", f.kind().value()).with("due_at", f.dueAt())
                    .with("status", "scheduled"));
        } else if (e.payload() instanceof FollowUpCompleted f) {
            changes.add(followups.set(f.followUpId()).with("status", "completed").with("completed_at", f.completedAt())
                    .with("satisfied", f.satisfied()).with("score", f.score()).with("retained", f.retained()));
        } else if (e.payload() instanceof FollowUpMissed f) {
            // Only a follow-up still scheduled is missed: an update on a condition, so a statement of its own.
            changes.add(SqlChange.keyed(followups.table(), f.followUpId(), p -> "UPDATE " + followups.table()
                    + " SET status = 'missed' WHERE followup_id = " + p.at(1) + " AND status = 'scheduled'"));
        } else if (e.payload() instanceof FollowUpCancelled f) {
            changes.add(followups.set(f.followUpId()).with("status", "cancelled"));
        }
    }
}
