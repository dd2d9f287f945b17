package io.kept.promise.store;

import io.kept.eventstore.Db;
import io.kept.eventstore.EventStoreConfig;
import io.kept.eventstore.SqlTime;
import io.kept.eventstore.WatcherRound;
import io.kept.eventstore.Where;
import io.kept.promise.domain.PromiseAggregate;
import io.kept.promise.domain.PromiseState;
import io.kept.promise.domain.PromiseStatus;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
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
        return Db.update("INSERT INTO " + table
                        + " (promise_id, guarantee_id, guarantee_version, customer_id, status, made_at, due_at, at_risk_at,"
                        + " at_risk_fraction, kept_late, breach_cause, channel, team, agent, stream_version, updated_at)"
                        + " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)"
                        + " ON CONFLICT (promise_id) DO UPDATE SET status = EXCLUDED.status, due_at = EXCLUDED.due_at,"
                        + " at_risk_at = EXCLUDED.at_risk_at, kept_late = EXCLUDED.kept_late,"
                        + " breach_cause = EXCLUDED.breach_cause, stream_version = EXCLUDED.stream_version,"
                        + " updated_at = EXCLUDED.updated_at"
                        + " WHERE " + table + ".stream_version < EXCLUDED.stream_version",
                        made.promiseId(), made.guaranteeId(), made.guaranteeVersion(), made.customerId(),
                        state.status().value(), ts(made.madeAt()), ts(state.dueAt()), atRiskAt == null ? null : ts(atRiskAt),
                        atRiskFraction, state.keptLate(), state.breachCause() == null ? null : state.breachCause().value(),
                        made.channel(), made.team(), made.agent(), version, ts(clock.instant()))
                .replaceWithVoid();
    }

    /** The at-risk fraction a promise was made under, or null when the promise is unknown. */
    public Uni<Double> atRiskFraction(String promiseId) {
        return Db.row("SELECT at_risk_fraction FROM " + table + " WHERE promise_id = $1", promiseId)
                .map(row -> row == null ? null : row.getDouble(0));
    }

    /** Open promises past {@code dueBefore}, or at risk by {@code now}: an index range, never a scan. */
    public WatcherRound.Due<Candidate> dueOrAtRisk(Instant dueBefore, Instant now) {
        return new WatcherRound.Due<>("deadline", "SELECT promise_id, at_risk_fraction FROM " + table
                + " WHERE status = 'open' AND (due_at <= $1 OR at_risk_at <= $2) ORDER BY due_at",
                List.of(ts(dueBefore), ts(now)), "promise_id", r -> new Candidate(r.getString(0), r.getDouble(1)));
    }

    /** How far behind the watcher is: the due time of the oldest open promise past its grace, if any. */
    public Uni<Instant> oldestOverdue(Instant dueBefore) {
        return Db.row("SELECT min(due_at) FROM " + table + " WHERE status = 'open' AND due_at <= $1", ts(dueBefore))
                .map(row -> row == null ? null : toInstant(row.getValue(0)));
    }

    public Uni<List<Summary>> list(String customerId, String status, String guaranteeId, int page, int size) {
        Where where = Where.all().equal("customer_id", customerId).equal("status", status)
                .equal("guarantee_id", guaranteeId);
        String sql = "SELECT promise_id, guarantee_id, guarantee_version, customer_id, status, made_at, due_at, kept_late,"
                + " breach_cause, channel, team, agent FROM " + table + where.sql()
                + " ORDER BY made_at DESC, promise_id" + Where.page(page, size);
        return Db.rows(sql, where.params()).map(rows -> rows.stream().map(r -> new Summary(r.getString(0), r.getString(1),
                r.getInteger(2), r.getString(3), r.getString(4), toInstant(r.getValue(5)), toInstant(r.getValue(6)),
                r.getBoolean(7), r.getString(8), r.getString(9), r.getString(10), r.getString(11))).toList());
    }

    private static OffsetDateTime ts(Instant instant) {
        return SqlTime.timestamp(instant);
    }

    private static Instant toInstant(Object value) {
        return SqlTime.instant(value);
    }
}
