package io.kept.analytics.projection;

import io.kept.events.followup.FollowUpCancelled;
import io.kept.events.followup.FollowUpCompleted;
import io.kept.events.followup.FollowUpMissed;
import io.kept.events.followup.FollowUpScheduled;
import io.kept.eventstore.SqlTime;
import java.util.List;

/** Table {@code followups}: one row per follow-up with its outcome. */
public class FollowUpProjection implements Projection {

    @Override
    public void changes(ProjectionTables t, ProjectedEvent e, List<SqlChange> changes) {
        String followups = t.table("followups");
        if (e.payload() instanceof FollowUpScheduled f) {
            changes.add(SqlChange.keyed("INSERT INTO " + followups + " (followup_id, recovery_id, customer_id, kind, due_at, status)"
                    + " VALUES ($1, $2, $3, $4, $5, 'scheduled') ON CONFLICT DO NOTHING", f.followUpId(), f.recoveryId(),
                    f.customerId(), f.kind().value(), SqlTime.timestamp(f.dueAt())));
        } else if (e.payload() instanceof FollowUpCompleted f) {
            changes.add(SqlChange.keyed("UPDATE " + followups + " SET status = 'completed', completed_at = $2, satisfied = $3,"
                    + " score = $4, retained = $5 WHERE followup_id = $1", f.followUpId(), SqlTime.timestamp(f.completedAt()),
                    f.satisfied(), f.score(), f.retained()));
        } else if (e.payload() instanceof FollowUpMissed f) {
            changes.add(SqlChange.keyed("UPDATE " + followups + " SET status = 'missed' WHERE followup_id = $1"
                    + " AND status = 'scheduled'", f.followUpId()));
        } else if (e.payload() instanceof FollowUpCancelled f) {
            changes.add(SqlChange.keyed("UPDATE " + followups + " SET status = 'cancelled' WHERE followup_id = $1", f.followUpId()));
        }
    }
}
