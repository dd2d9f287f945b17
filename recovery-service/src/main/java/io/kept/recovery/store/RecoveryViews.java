package io.kept.recovery.store;

import io.kept.events.recovery.EscalationReason;
import io.kept.eventstore.Db;
import io.kept.eventstore.EventStoreConfig;
import io.kept.eventstore.SqlTime;
import io.kept.eventstore.WatcherRound;
import io.kept.eventstore.Where;
import io.kept.recovery.domain.RecoveryState;
import io.kept.recovery.domain.RecoveryStatus;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;

/** The {@code recoveries} read model: the worklist and the clock watcher read it, never the event store. */
@ApplicationScoped
public class RecoveryViews {

    private final String table;
    private final Clock clock;

    public RecoveryViews(EventStoreConfig config, Clock clock) {
        this.table = config.schema() + ".recoveries";
        this.clock = clock;
    }

    /** One row of the worklist. */
    public record Summary(String recoveryId, String promiseId, String customerId, String guaranteeId, String severity,
            String status, boolean paradoxEligible, int priorFailures, Instant openedAt, Instant dueAt) {
    }

    public Uni<Void> save(RecoveryState state, int version) {
        var o = state.opened();
        boolean active = state.status() == RecoveryStatus.OPEN || state.status() == RecoveryStatus.ACKNOWLEDGED;
        Instant dueAt = !active ? null : state.status() == RecoveryStatus.OPEN ? o.acknowledgeBy() : o.resolveBy();
        Instant nextCheck = nextCheck(state, active);
        return Db.update("INSERT INTO " + table
                        + " (recovery_id, promise_id, customer_id, guarantee_id, severity, status, paradox_eligible,"
                        + " prior_failures, opened_at, acknowledge_by, resolve_by, acknowledged_at, resolved_at, due_at,"
                        + " next_check_at, stream_version, updated_at)"
                        + " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)"
                        + " ON CONFLICT (recovery_id) DO UPDATE SET status = EXCLUDED.status,"
                        + " acknowledged_at = EXCLUDED.acknowledged_at, resolved_at = EXCLUDED.resolved_at,"
                        + " due_at = EXCLUDED.due_at, next_check_at = EXCLUDED.next_check_at,"
                        + " stream_version = EXCLUDED.stream_version, updated_at = EXCLUDED.updated_at"
                        + " WHERE " + table + ".stream_version < EXCLUDED.stream_version",
                        o.recoveryId(), o.promiseId(), o.customerId(), o.guaranteeId(), o.severity().value(),
                        state.status().value(), o.paradoxEligible(), o.priorFailures(), ts(o.openedAt()),
                        ts(o.acknowledgeBy()), ts(o.resolveBy()), ts(state.acknowledgedAt()), ts(state.resolvedAt()),
                        ts(dueAt), ts(nextCheck), version, ts(clock.instant()))
                .replaceWithVoid();
    }

    /** The next target the clocks can still miss; null when none is left. */
    private static Instant nextCheck(RecoveryState state, boolean active) {
        var o = state.opened();
        if (!active) {
            return null;
        }
        if (state.status() == RecoveryStatus.OPEN && !state.escalations().contains(EscalationReason.ACKNOWLEDGE_OVERDUE)) {
            return o.acknowledgeBy();
        }
        return state.escalations().contains(EscalationReason.RESOLVE_OVERDUE) ? null : o.resolveBy();
    }

    /** Active recoveries whose next target has passed by {@code now}: an index range, never a scan. */
    public WatcherRound.Due<String> dueForCheck(Instant now) {
        return new WatcherRound.Due<>("recovery-clocks", "SELECT recovery_id FROM " + table
                + " WHERE next_check_at <= $1 ORDER BY next_check_at", List.of(ts(now)), "recovery_id",
                r -> r.getString(0));
    }

    /** How many recoveries are open or acknowledged. */
    public Uni<Long> active() {
        return Db.row("SELECT count(*) FROM " + table + " WHERE status IN ('open', 'acknowledged')")
                .map(row -> row.getLong(0));
    }

    /** The worklist: oldest due first; finished ones (no due time) last, newest first. */
    public Uni<List<Summary>> list(String status, String customerId, int page, int size) {
        Where where = Where.all().equal("status", status).equal("customer_id", customerId);
        String sql = "SELECT recovery_id, promise_id, customer_id, guarantee_id, severity, status, paradox_eligible,"
                + " prior_failures, opened_at, due_at FROM " + table + where.sql()
                + " ORDER BY due_at ASC NULLS LAST, opened_at DESC, recovery_id" + Where.page(page, size);
        return Db.rows(sql, where.params()).map(rows -> rows.stream().map(r -> new Summary(r.getString(0), r.getString(1),
                r.getString(2), r.getString(3), r.getString(4), r.getString(5), r.getBoolean(6), r.getInteger(7),
                instant(r.getValue(8)), instant(r.getValue(9)))).toList());
    }

    private static OffsetDateTime ts(Instant instant) {
        return SqlTime.timestamp(instant);
    }

    private static Instant instant(Object value) {
        return SqlTime.instant(value);
    }
}
