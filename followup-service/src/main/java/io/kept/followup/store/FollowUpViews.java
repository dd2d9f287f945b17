package io.kept.followup.store;

import io.kept.eventstore.Db;
import io.kept.eventstore.EventStoreConfig;
import io.kept.eventstore.SqlTime;
import io.kept.eventstore.WatcherRound;
import io.kept.eventstore.Where;
import io.kept.followup.domain.FollowUpState;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/** The {@code followups} read model: the worklist and the overdue watcher read it, never the event store. */
@ApplicationScoped
public class FollowUpViews {

    private final String table;
    private final Clock clock;

    public FollowUpViews(EventStoreConfig config, Clock clock) {
        this.table = config.schema() + ".followups";
        this.clock = clock;
    }

    /** One row of the worklist. */
    public record Summary(String followUpId, String recoveryId, String customerId, String guaranteeId, String kind,
            String status, Instant dueAt, Instant completedAt, Boolean satisfied, Integer score) {
    }

    /** The worklist filters of GET /followups. */
    public enum Filter {
        DUE("status = 'scheduled'", "due_at ASC"),
        OVERDUE("status = 'missed'", "due_at ASC"),
        DONE("status IN ('completed', 'cancelled')", "completed_at DESC NULLS LAST"),
        OPEN("status IN ('scheduled', 'missed')", "due_at ASC");

        final String where;
        final String order;

        Filter(String where, String order) {
            this.where = where;
            this.order = order;
        }
    }

    public Uni<Void> save(FollowUpState state, int version, Boolean satisfied, Integer score) {
        var f = state.scheduled();
        return Db.update("INSERT INTO " + table
                        + " (followup_id, recovery_id, customer_id, guarantee_id, kind, status, due_at, completed_at,"
                        + " satisfied, score, stream_version, updated_at)"
                        + " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)"
                        + " ON CONFLICT (followup_id) DO UPDATE SET status = EXCLUDED.status,"
                        + " completed_at = EXCLUDED.completed_at,"
                        + " satisfied = coalesce(EXCLUDED.satisfied, " + table + ".satisfied),"
                        + " score = coalesce(EXCLUDED.score, " + table + ".score),"
                        + " stream_version = EXCLUDED.stream_version, updated_at = EXCLUDED.updated_at"
                        + " WHERE " + table + ".stream_version < EXCLUDED.stream_version",
                        f.followUpId(), f.recoveryId(), f.customerId(), f.guaranteeId(), f.kind().value(),
                        state.status().value(), SqlTime.timestamp(f.dueAt()), SqlTime.timestamp(state.completedAt()),
                        satisfied, score, version, SqlTime.timestamp(clock.instant()))
                .replaceWithVoid();
    }

    /** Scheduled follow-ups due before {@code dueBefore}: an index range, never a scan. */
    public WatcherRound.Due<String> dueBefore(Instant dueBefore) {
        return new WatcherRound.Due<>("followup-overdue", "SELECT followup_id FROM " + table
                + " WHERE status = 'scheduled' AND due_at <= $1 ORDER BY due_at", List.of(SqlTime.timestamp(dueBefore)),
                "followup_id", r -> r.getString(0));
    }

    /** How many follow-ups are scheduled and how many missed, for the gauges. */
    public Uni<long[]> openCounts() {
        return Db.row("SELECT count(*) FILTER (WHERE status = 'scheduled'),"
                        + " count(*) FILTER (WHERE status = 'missed') FROM " + table)
                .map(row -> new long[] {row.getLong(0), row.getLong(1)});
    }

    public Uni<List<Summary>> list(Filter filter, String customerId, int page, int size) {
        Where where = Where.of(filter.where).equal("customer_id", customerId);
        String sql = "SELECT followup_id, recovery_id, customer_id, guarantee_id, kind, status, due_at, completed_at,"
                + " satisfied, score FROM " + table + where.sql() + " ORDER BY " + filter.order + ", followup_id"
                + Where.page(page, size);
        return Db.rows(sql, where.params()).map(rows -> rows.stream().map(r -> new Summary(r.getString(0), r.getString(1),
                r.getString(2), r.getString(3), r.getString(4), r.getString(5), SqlTime.instant(r.getValue(6)),
                SqlTime.instant(r.getValue(7)), r.getBoolean(8), r.getInteger(9))).toList());
    }
}
