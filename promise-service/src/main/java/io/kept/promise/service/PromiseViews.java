package io.kept.promise.service;

import io.kept.eventstore.EventStoreConfig;
import io.kept.eventstore.SqlTime;
import io.kept.eventstore.UnitOfWork;
import io.kept.promise.domain.PromiseAggregate;
import io.kept.promise.domain.PromiseState;
import io.kept.promise.domain.PromiseStatus;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code promises} read model. Saved in the same transaction as the events it reflects, so
 * the list endpoint and the watcher never see a promise the store does not have.
 */
@ApplicationScoped
public class PromiseViews {

    private final String table;
    private final Clock clock;

    public PromiseViews(EventStoreConfig config, Clock clock) {
        this.table = config.schema() + ".promises";
        this.clock = clock;
    }

    /** One row of the list. */
    public record Summary(String promiseId, String guaranteeId, int guaranteeVersion, String customerId, String status,
            Instant madeAt, Instant dueAt, boolean keptLate, String breachCause, String channel, String team, String agent) {
    }

    /** A promise the watcher must look at, with what it needs to decide. */
    public record Candidate(String promiseId, double atRiskFraction) {
    }

    public Uni<Void> save(PromiseState state, int version, double atRiskFraction) {
        var made = state.made();
        Instant atRiskAt = state.status() == PromiseStatus.OPEN && !state.atRisk()
                ? PromiseAggregate.atRiskPoint(state, atRiskFraction)
                : null;
        return Panache.getSession().flatMap(session -> session.createNativeQuery("INSERT INTO " + table
                        + " (promise_id, guarantee_id, guarantee_version, customer_id, status, made_at, due_at, at_risk_at,"
                        + " at_risk_fraction, kept_late, breach_cause, channel, team, agent, stream_version, updated_at)"
                        + " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)"
                        + " ON CONFLICT (promise_id) DO UPDATE SET status = EXCLUDED.status, due_at = EXCLUDED.due_at,"
                        + " at_risk_at = EXCLUDED.at_risk_at, kept_late = EXCLUDED.kept_late,"
                        + " breach_cause = EXCLUDED.breach_cause, stream_version = EXCLUDED.stream_version,"
                        + " updated_at = EXCLUDED.updated_at"
                        + " WHERE " + table + ".stream_version < EXCLUDED.stream_version")
                .setParameter(1, made.promiseId())
                .setParameter(2, made.guaranteeId())
                .setParameter(3, made.guaranteeVersion())
                .setParameter(4, made.customerId())
                .setParameter(5, state.status().value())
                .setParameter(6, ts(made.madeAt()))
                .setParameter(7, ts(state.dueAt()))
                .setParameter(8, atRiskAt == null ? null : ts(atRiskAt))
                .setParameter(9, atRiskFraction)
                .setParameter(10, state.keptLate())
                .setParameter(11, state.breachCause() == null ? null : state.breachCause().value())
                .setParameter(12, made.channel())
                .setParameter(13, made.team())
                .setParameter(14, made.agent())
                .setParameter(15, version)
                .setParameter(16, ts(clock.instant()))
                .executeUpdate())
                .replaceWithVoid();
    }

    /** The at-risk fraction a promise was made under, or null when the promise is unknown. */
    public Uni<Double> atRiskFraction(String promiseId) {
        return UnitOfWork.session(() -> Panache.getSession().flatMap(session -> session
                .createNativeQuery("SELECT at_risk_fraction FROM " + table + " WHERE promise_id = ?1", Object.class)
                .setParameter(1, promiseId)
                .getResultList()
                .map(rows -> rows.isEmpty() ? null : ((Number) rows.get(0)).doubleValue())));
    }

    /** Open promises past {@code dueBefore}, or at risk by {@code now}: an index range, never a scan. */
    public Uni<List<Candidate>> dueOrAtRisk(Instant dueBefore, Instant now, int limit) {
        return UnitOfWork.session(() -> Panache.getSession().flatMap(session -> session
                .createNativeQuery("SELECT promise_id, at_risk_fraction FROM " + table
                        + " WHERE status = 'open' AND (due_at <= ?1 OR at_risk_at <= ?2) ORDER BY due_at LIMIT ?3",
                        Object[].class)
                .setParameter(1, ts(dueBefore))
                .setParameter(2, ts(now))
                .setParameter(3, limit)
                .getResultList()
                .map(rows -> rows.stream()
                        .map(r -> new Candidate((String) r[0], ((Number) r[1]).doubleValue()))
                        .toList())));
    }

    /** How far behind the watcher is: the due time of the oldest open promise past its grace, if any. */
    public Uni<Instant> oldestOverdue(Instant dueBefore) {
        return UnitOfWork.session(() -> Panache.getSession().flatMap(session -> session
                .createNativeQuery("SELECT min(due_at) FROM " + table + " WHERE status = 'open' AND due_at <= ?1",
                        Object.class)
                .setParameter(1, ts(dueBefore))
                .getSingleResultOrNull()
                .map(v -> v == null ? null : toInstant(v))));
    }

    public Uni<List<Summary>> list(String customerId, String status, String guaranteeId, int page, int size) {
        StringBuilder where = new StringBuilder(" WHERE true");
        List<Object> params = new ArrayList<>();
        if (customerId != null) {
            params.add(customerId);
            where.append(" AND customer_id = ?").append(params.size());
        }
        if (status != null) {
            params.add(status);
            where.append(" AND status = ?").append(params.size());
        }
        if (guaranteeId != null) {
            params.add(guaranteeId);
            where.append(" AND guarantee_id = ?").append(params.size());
        }
        String sql = "SELECT promise_id, guarantee_id, guarantee_version, customer_id, status, made_at, due_at, kept_late,"
                + " breach_cause, channel, team, agent FROM " + table + where
                + " ORDER BY made_at DESC, promise_id LIMIT " + size + " OFFSET " + ((long) page * size);
        return UnitOfWork.session(() -> Panache.getSession().flatMap(session -> {
            var query = session.createNativeQuery(sql, Object[].class);
            for (int i = 0; i < params.size(); i++) {
                query.setParameter(i + 1, params.get(i));
            }
            return query.getResultList();
        })).map(rows -> rows.stream().map(r -> new Summary((String) r[0], (String) r[1], ((Number) r[2]).intValue(),
                (String) r[3], (String) r[4], toInstant(r[5]), toInstant(r[6]), (Boolean) r[7], (String) r[8],
                (String) r[9], (String) r[10], (String) r[11])).toList());
    }

    private static OffsetDateTime ts(Instant instant) {
        return SqlTime.timestamp(instant);
    }

    private static Instant toInstant(Object value) {
        return SqlTime.instant(value);
    }
}
