package io.kept.analytics.projection;

import io.kept.events.recovery.RecoveryAbandoned;
import io.kept.events.recovery.RecoveryAcknowledged;
import io.kept.events.recovery.RecoveryDiagnosed;
import io.kept.events.recovery.RecoveryEscalated;
import io.kept.events.recovery.RecoveryOpened;
import io.kept.events.recovery.RecoveryResolved;
import io.kept.events.recovery.RecoveryWithdrawn;
import io.kept.eventstore.SqlTime;
import java.util.List;

/** Table {@code recoveries}: one row per recovery with its clocks, root cause and compensation. */
public class RecoveryProjection implements Projection {

    @Override
    public void changes(ProjectionTables t, ProjectedEvent e, List<SqlChange> changes) {
        String recoveries = t.table("recoveries");
        if (e.payload() instanceof RecoveryOpened r) {
            changes.add(SqlChange.keyed("INSERT INTO " + recoveries + " (recovery_id, promise_id, customer_id, guarantee_id,"
                    + " severity, prior_failures, paradox_eligible, opened_at, acknowledge_by, resolve_by)"
                    + " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT DO NOTHING",
                    r.recoveryId(), r.promiseId(), r.customerId(), r.guaranteeId(), r.severity().value(), r.priorFailures(),
                    r.paradoxEligible(), SqlTime.timestamp(r.openedAt()), SqlTime.timestamp(r.acknowledgeBy()),
                    SqlTime.timestamp(r.resolveBy())));
        } else if (e.payload() instanceof RecoveryAcknowledged r) {
            changes.add(SqlChange.keyed("UPDATE " + recoveries + " SET acknowledged_at = $2 WHERE recovery_id = $1",
                    r.recoveryId(), SqlTime.timestamp(r.acknowledgedAt())));
        } else if (e.payload() instanceof RecoveryDiagnosed r) {
            changes.add(SqlChange.keyed("UPDATE " + recoveries + " SET diagnosed_at = $2, root_cause = $3 WHERE recovery_id = $1",
                    r.recoveryId(), SqlTime.timestamp(r.diagnosedAt()), r.rootCause()));
        } else if (e.payload() instanceof RecoveryResolved r) {
            changes.add(SqlChange.keyed("UPDATE " + recoveries + " SET resolved_at = $2, compensation_amount = $3,"
                    + " compensation_currency = $4 WHERE recovery_id = $1", r.recoveryId(),
                    SqlTime.timestamp(r.resolvedAt()), r.compensation().amount(), r.compensation().currency()));
        } else if (e.payload() instanceof RecoveryEscalated r) {
            changes.add(SqlChange.keyed("UPDATE " + recoveries + " SET escalations = escalations + 1 WHERE recovery_id = $1",
                    r.recoveryId()));
        } else if (e.payload() instanceof RecoveryAbandoned r) {
            changes.add(SqlChange.keyed("UPDATE " + recoveries + " SET abandoned_at = $2 WHERE recovery_id = $1",
                    r.recoveryId(), SqlTime.timestamp(r.abandonedAt())));
        } else if (e.payload() instanceof RecoveryWithdrawn r) {
            changes.add(SqlChange.keyed("UPDATE " + recoveries + " SET withdrawn_at = $2 WHERE recovery_id = $1",
                    r.recoveryId(), SqlTime.timestamp(r.withdrawnAt())));
        }
    }
}
