package io.kept.analytics.projection;

import io.kept.events.promise.PromiseAtRisk;
import io.kept.events.promise.PromiseBreachRetracted;
import io.kept.events.promise.PromiseBroken;
import io.kept.events.promise.PromiseCancelled;
import io.kept.events.promise.PromiseKept;
import io.kept.events.promise.PromiseMade;
import io.kept.events.promise.PromisePaused;
import io.kept.events.promise.PromiseResumed;
import io.kept.eventstore.SqlTime;
import java.util.List;

/** Table {@code promises}: one row per promise with its status, breach and at-risk flag. */
public class PromiseProjection implements Projection {

    @Override
    public void changes(ProjectionTables t, ProjectedEvent e, List<SqlChange> changes) {
        String promises = t.table("promises");
        if (e.payload() instanceof PromiseMade p) {
            changes.add(SqlChange.keyed("INSERT INTO " + promises + " (promise_id, guarantee_id, customer_id, team, channel,"
                    + " made_at, due_at, status) VALUES ($1, $2, $3, $4, $5, $6, $7, 'open') ON CONFLICT DO NOTHING",
                    p.promiseId(), p.guaranteeId(), p.customerId(), p.team(), p.channel(), SqlTime.timestamp(p.madeAt()),
                    SqlTime.timestamp(p.dueAt())));
        } else if (e.payload() instanceof PromisePaused p) {
            changes.add(SqlChange.keyed("UPDATE " + promises + " SET status = 'paused' WHERE promise_id = $1", p.promiseId()));
        } else if (e.payload() instanceof PromiseResumed p) {
            changes.add(SqlChange.keyed("UPDATE " + promises + " SET status = 'open', due_at = $2, at_risk = false"
                    + " WHERE promise_id = $1", p.promiseId(), SqlTime.timestamp(p.dueAt())));
        } else if (e.payload() instanceof PromiseAtRisk p) {
            changes.add(SqlChange.keyed("UPDATE " + promises + " SET at_risk = true WHERE promise_id = $1", p.promiseId()));
        } else if (e.payload() instanceof PromiseKept p) {
            changes.add(SqlChange.keyed("UPDATE " + promises + " SET status = 'kept', kept_at = $2, kept_late = $3"
                    + " WHERE promise_id = $1", p.promiseId(), SqlTime.timestamp(p.keptAt()), p.late()));
        } else if (e.payload() instanceof PromiseBroken p) {
            changes.add(SqlChange.keyed("UPDATE " + promises + " SET status = 'broken', broken_at = $2, breach_cause = $3,"
                    + " category = $4, severity = $5, avoidable = $6 WHERE promise_id = $1", p.promiseId(),
                    SqlTime.timestamp(p.brokenAt()), p.cause().value(), p.category().value(), p.severity().value(),
                    p.avoidable()));
        } else if (e.payload() instanceof PromiseBreachRetracted p) {
            changes.add(SqlChange.keyed("UPDATE " + promises + " SET status = 'open', broken_at = NULL, breach_cause = NULL,"
                    + " category = NULL, severity = NULL, avoidable = NULL WHERE promise_id = $1", p.promiseId()));
        } else if (e.payload() instanceof PromiseCancelled p) {
            changes.add(SqlChange.keyed("UPDATE " + promises + " SET status = 'cancelled' WHERE promise_id = $1", p.promiseId()));
        }
    }
}
