package io.kept.analytics.projection;

import io.kept.events.recovery.RecoveryAbandoned;
import io.kept.events.recovery.RecoveryAcknowledged;
import io.kept.events.recovery.RecoveryDiagnosed;
import io.kept.events.recovery.RecoveryEscalated;
import io.kept.events.recovery.RecoveryOpened;
import io.kept.events.recovery.RecoveryResolved;
import io.kept.events.recovery.RecoveryWithdrawn;
import java.util.List;

/** Table {@code recoveries}: one row per recovery with its clocks, root cause and compensation. */
public class RecoveryProjection implements Projection {

    @Override
    public void changes(ProjectionTables t, ProjectedEvent e, List<Change> changes) {
        String recoveries = t.table("recoveries");
        if (e.payload() instanceof RecoveryOpened r) {
            changes.add(RowChange.create(recoveries, "recovery_id", r.recoveryId()).with("promise_id", r.promiseId())
                    .with("customer_id", r.customerId()).with("guarantee_id", r.guaranteeId())
                    .with("severity", r.severity().value()).with("prior_failures", r.priorFailures())
                    .with("paradox_eligible", r.paradoxEligible()).with("opened_at", r.openedAt())
                    .with("acknowledge_by", r.acknowledgeBy()).with("resolve_by", r.resolveBy()));
        } else if (e.payload() instanceof RecoveryAcknowledged r) {
            changes.add(set(recoveries, r.recoveryId()).with("acknowledged_at", r.acknowledgedAt()));
        } else if (e.payload() instanceof RecoveryDiagnosed r) {
            changes.add(set(recoveries, r.recoveryId()).with("diagnosed_at", r.diagnosedAt()).with("root_cause", r.rootCause()));
        } else if (e.payload() instanceof RecoveryResolved r) {
            changes.add(set(recoveries, r.recoveryId()).with("resolved_at", r.resolvedAt())
                    .with("compensation_amount", r.compensation().amount())
                    .with("compensation_currency", r.compensation().currency()));
        } else if (e.payload() instanceof RecoveryEscalated r) {
            // A counter: each escalation adds one to what the row holds, so it is a statement of its own.
            changes.add(SqlChange.keyed(recoveries, "UPDATE " + recoveries + " SET escalations = escalations + 1"
                    + " WHERE recovery_id = $1", r.recoveryId()));
        } else if (e.payload() instanceof RecoveryAbandoned r) {
            changes.add(set(recoveries, r.recoveryId()).with("abandoned_at", r.abandonedAt()));
        } else if (e.payload() instanceof RecoveryWithdrawn r) {
            changes.add(set(recoveries, r.recoveryId()).with("withdrawn_at", r.withdrawnAt()));
        }
    }

    private static RowChange set(String recoveries, String recoveryId) {
        return RowChange.set(recoveries, "recovery_id", recoveryId);
    }
}
