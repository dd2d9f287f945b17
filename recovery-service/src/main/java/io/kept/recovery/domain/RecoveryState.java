package io.kept.recovery.domain;

import io.kept.events.recovery.EscalationReason;
import io.kept.events.recovery.RecoveryOpened;
import io.kept.eventstore.Lifecycle;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;

/**
 * A recovery as its events left it.
 *
 * @param escalations every reason it was escalated for, each at most once
 */
public record RecoveryState(RecoveryStatus status, RecoveryOpened opened, Instant acknowledgedAt, Instant diagnosedAt,
        Instant resolvedAt, Set<EscalationReason> escalations) implements Lifecycle.State {

    public static final RecoveryState NONE = new RecoveryState(RecoveryStatus.NONE, null, null, null, null,
            Set.of());

    @Override
    public boolean exists() {
        return status != RecoveryStatus.NONE;
    }

    public boolean diagnosed() {
        return diagnosedAt != null;
    }

    RecoveryState with(RecoveryStatus next) {
        return new RecoveryState(next, opened, acknowledgedAt, diagnosedAt, resolvedAt, escalations);
    }

    RecoveryState escalatedFor(EscalationReason reason) {
        Set<EscalationReason> more = escalations.isEmpty() ? EnumSet.noneOf(EscalationReason.class) : EnumSet.copyOf(escalations);
        more.add(reason);
        return new RecoveryState(status, opened, acknowledgedAt, diagnosedAt, resolvedAt, Set.copyOf(more));
    }
}
