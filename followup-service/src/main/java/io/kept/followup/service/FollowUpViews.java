package io.kept.followup.service;

import io.kept.eventstore.EventStoreConfig;
import io.kept.eventstore.SqlTime;
import io.kept.eventstore.UnitOfWork;
import io.kept.followup.domain.FollowUpState;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
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
        return Panache.getSession().flatMap(session -> session.createNativeQuery("INSERT INTO " + table
                        + " (followup_id, recovery_id, customer_id, guarantee_id, kind, status, due_at, completed_at,"
                        + " satisfied, score, stream_version, updated_at)"
                        + " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)"
                        + " ON CONFLICT (followup_id) DO UPDATE SET status = EXCLUDED.status,"
                        + " completed_at = EXCLUDED.completed_at,"
                        + " satisfied = coalesce(EXCLUDED.satisfied, " + table + ".satisfied),"
                        + " score = coalesce(EXCLUDED.score, " + table + ".score),"
                        + " stream_version = EXCLUDED.stream_version, updated_at = EXCLUDED.updated_at"
                        + " WHERE " + table + ".stream_version < EXCLUDED.stream_version")
                .setParameter(1, f.followUpId())
                .setParameter(2, f.recoveryId())
                .setParameter(3, f.customerId())
                .setParameter(4, f.guaranteeId())
                .setParameter(5, f.kind().value())
                .setParameter(6, state.status().value())
                .setParameter(7, SqlTime.timestamp(f.dueAt()))
                .setParameter(8, SqlTime.timestamp(state.completedAt()))
                .setParameter(9, satisfied)
                .setParameter(10, score)
                .setParameter(11, version)
                .setParameter(12, SqlTime.timestamp(clock.instant()))
                .executeUpdate())
                .replaceWithVoid();
    }

    /** Scheduled follow-ups due before {@code dueBefore}: an index range, never a scan. */
    public Uni<List<String>> dueBefore(Instant dueBefore, int limit) {
        return UnitOfWork.session(() -> Panache.getSession().flatMap(session -> session
                .createNativeQuery("SELECT followup_id FROM " + table
                        + " WHERE status = 'scheduled' AND due_at <= ?1 ORDER BY due_at LIMIT ?2", String.class)
                .setParameter(1, SqlTime.timestamp(dueBefore))
                .setParameter(2, limit)
                .getResultList()));
    }

    /** How many follow-ups are scheduled and how many missed, for the gauges. */
    public Uni<long[]> openCounts() {
        return UnitOfWork.session(() -> Panache.getSession().flatMap(session -> session
                .createNativeQuery("SELECT count(*) FILTER (WHERE status = 'scheduled'),"
                        + " count(*) FILTER (WHERE status = 'missed') FROM " + table, Object[].class)
                .getSingleResult()
                .map(row -> new long[] {((Number) row[0]).longValue(), ((Number) row[1]).longValue()})));
    }

    public Uni<List<Summary>> list(Filter filter, String customerId, int page, int size) {
        List<Object> params = new ArrayList<>();
        StringBuilder where = new StringBuilder(" WHERE ").append(filter.where);
        if (customerId != null) {
            params.add(customerId);
            where.append(" AND customer_id = ?").append(params.size());
        }
        String sql = "SELECT followup_id, recovery_id, customer_id, guarantee_id, kind, status, due_at, completed_at,"
                + " satisfied, score FROM " + table + where + " ORDER BY " + filter.order + ", followup_id"
                + " LIMIT " + size + " OFFSET " + ((long) page * size);
        return UnitOfWork.session(() -> Panache.getSession().flatMap(session -> {
            var query = session.createNativeQuery(sql, Object[].class);
            for (int i = 0; i < params.size(); i++) {
                query.setParameter(i + 1, params.get(i));
            }
            return query.getResultList();
        })).map(rows -> rows.stream().map(r -> new Summary((String) r[0], (String) r[1], (String) r[2], (String) r[3],
                (String) r[4], (String) r[5], SqlTime.instant(r[6]), SqlTime.instant(r[7]), (Boolean) r[8],
                r[9] == null ? null : ((Number) r[9]).intValue())).toList());
    }
}
