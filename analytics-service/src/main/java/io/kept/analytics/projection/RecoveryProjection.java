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

    private final ProjectionTables.Keyed recoveries;

    RecoveryProjection(ProjectionTables t) {
        this.recoveries = t.keyed("recoveries", "recovery_id");
    }

    @Override
    public void changes(ProjectedEvent e, List<Change> changes) {
        if (e.payload() instanceof RecoveryOpened r) {
            changes.add(recoveries.create(r.recoveryId()).with("promise_id", r.promiseId())
                    .with("customer_id", r.customerId()).with("guarantee_id", r.guaranteeId())
                    .with("severity", r.severity().value()).with("prior_failures", r.priorFailures())
                    .with("paradox_eligible", r.paradoxEligible()).with("opened_at", r.openedAt())
                    .with("acknowledge_by", r.acknowledgeBy()).with("resolve_by", r.resolveBy()));
        } else if (e.payload() instanceof RecoveryAcknowledged r) {
            changes.add(recoveries.set(r.recoveryId()).with("acknowledged_at", r.acknowledgedAt()));
        } else if (e.payload() instanceof RecoveryDiagnosed r) {
            changes.add(recoveries.set(r.recoveryId()).with("diagnosed_at", r.diagnosedAt()).with("root_cause", r.rootCause()));
        } else if (e.payload() instanceof RecoveryResolved r) {
            changes.add(recoveries.set(r.recoveryId()).with("resolved_at", r.resolvedAt())
                    .with("compensation_amount", r.compensation().amount())
                    .with("compensation_currency", r.compensation().currency()));
        } else if (e.payload() instanceof RecoveryEscalated r) {
            // A counter: each escalation adds one to what the row holds, so it is a statement of its own.
            changes.add(SqlChange.keyed(recoveries.table(), r.recoveryId(), p -> "UPDATE " + recoveries.table()
                    + " SET escalations = escalations + 1 WHERE recovery_id = " + p.at(1)));
        } else if (e.payload() instanceof RecoveryAbandoned r) {
            changes.add(recoveries.set(r.recoveryId()).with("abandoned_at", r.abandonedAt()));
        } else if (e.payload() instanceof RecoveryWithdrawn r) {
            changes.add(recoveries.set(r.recoveryId()).with("withdrawn_at", r.withdrawnAt()));
        }
    }
}
