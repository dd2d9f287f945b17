package io.kept.recovery.store;

import io.kept.events.TrustBudget;
import io.kept.events.promise.PromiseMade;
import io.kept.eventstore.Db;
import io.kept.eventstore.EventStoreConfig;
import io.kept.eventstore.PoisonRecordException;
import io.kept.eventstore.SqlTime;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * What recovery-service remembers of other services' facts to judge a failure: whom each promise was made to
 * ({@code promise_facts}), each guarantee's own trust budget ({@code guarantee_trust_budgets}) and each customer's
 * failures ({@code customer_failures}). All of it runs inside the consumer's transaction.
 */
@ApplicationScoped
public class CustomerFailures {

    private final String facts;
    private final String failures;
    private final String budgets;

    public CustomerFailures(EventStoreConfig config) {
        this.facts = config.schema() + ".promise_facts";
        this.failures = config.schema() + ".customer_failures";
        this.budgets = config.schema() + ".guarantee_trust_budgets";
    }

    /** Whom a promise was made to, under which guarantee, and that guarantee's own trust budget (null: none). */
    public record Promise(String customerId, String guaranteeId, TrustBudget ownBudget) {
    }

    /** Remembers whom each promise was made to, with one statement; a promise remembered before is left as it was. */
    public Uni<Void> promisesMade(List<PromiseMade> made) {
        String[] promises = new String[made.size()];
        String[] customers = new String[made.size()];
        String[] guarantees = new String[made.size()];
        OffsetDateTime[] madeAt = new OffsetDateTime[made.size()];
        for (int i = 0; i < made.size(); i++) {
            PromiseMade one = made.get(i);
            promises[i] = one.promiseId();
            customers[i] = one.customerId();
            guarantees[i] = one.guaranteeId();
            madeAt[i] = SqlTime.timestamp(one.madeAt());
        }
        return Db.update("INSERT INTO " + facts + " (promise_id, customer_id, guarantee_id, made_at)"
                        + " SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[])"
                        + " ON CONFLICT DO NOTHING", promises, customers, guarantees, madeAt)
                .replaceWithVoid();
    }

    /** The newest trust budget of a guarantee (null: it shares the configured one); the highest version wins. */
    public Uni<Void> guaranteeBudget(String guaranteeId, int version, TrustBudget own) {
        return Db.update("INSERT INTO " + budgets + " AS b (guarantee_id, version, failures, trust_window)"
                        + " VALUES ($1, $2, $3, make_interval(secs => $4)) ON CONFLICT (guarantee_id) DO UPDATE"
                        + " SET version = EXCLUDED.version, failures = EXCLUDED.failures, trust_window = EXCLUDED.trust_window"
                        + " WHERE b.version < EXCLUDED.version",
                        guaranteeId, version, own == null ? null : own.failures(),
                        own == null ? null : (double) own.window().toSeconds())
                .replaceWithVoid();
    }

    /** A failure of a remembered promise at {@code at}; a promise whose promise.made was never seen is not counted. */
    public Uni<Void> failedIfKnown(String promiseId, Instant at) {
        return Db.update("INSERT INTO " + failures + " (promise_id, customer_id, guarantee_id, broken_at)"
                        + " SELECT promise_id, customer_id, guarantee_id, $2"
                        + " FROM " + facts + " WHERE promise_id = $1 ON CONFLICT DO NOTHING",
                        promiseId, SqlTime.timestamp(at))
                .replaceWithVoid();
    }

    /** The remembered promise; a failure when its promise.made was never seen. */
    public Uni<Promise> promise(String promiseId) {
        return Db.rows("SELECT p.customer_id, p.guarantee_id, b.failures, extract(epoch FROM b.trust_window)::bigint"
                        + " FROM " + facts + " p LEFT JOIN " + budgets + " b ON b.guarantee_id = p.guarantee_id"
                        + " AND b.failures IS NOT NULL WHERE p.promise_id = $1", promiseId)
                .map(rows -> {
                    if (rows.isEmpty()) {
                        throw PoisonRecordException.refused("promise.broken for promise " + promiseId
                                + ", whose promise.made was never seen");
                    }
                    var row = rows.get(0);
                    TrustBudget own = row.getInteger(2) == null ? null
                            : new TrustBudget(row.getInteger(2), Duration.ofSeconds(row.getLong(3)));
                    return new Promise(row.getString(0), row.getString(1), own);
                });
    }

    /**
     * Records the failure of a promise at {@code at} and answers how many failures of the same customer came before it
     * within {@code budget}'s window, as analytics' customer_trust counts them, (at - window, at]: only the
     * guarantee's own failures when it has a budget of its own, else those of every guarantee without one.
     */
    public Uni<Long> failedCountingPrior(String promiseId, Promise promise, Instant at, TrustBudget budget) {
        boolean own = promise.ownBudget() != null;
        String scope = own ? " AND guarantee_id = $5"
                : " AND NOT EXISTS (SELECT 1 FROM " + budgets + " b WHERE b.guarantee_id = f.guarantee_id"
                        + " AND b.failures IS NOT NULL)";
        List<Object> counted = new ArrayList<>(List.of(promise.customerId(), promiseId, SqlTime.timestamp(at),
                SqlTime.timestamp(at.minus(budget.window()))));
        if (own) {
            counted.add(promise.guaranteeId());
        }
        return Db.update("INSERT INTO " + failures + " (promise_id, customer_id, guarantee_id, broken_at)"
                        + " VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
                        promiseId, promise.customerId(), promise.guaranteeId(), SqlTime.timestamp(at))
                .chain(() -> Db.row("SELECT count(*) FROM " + failures + " f"
                                + " WHERE customer_id = $1 AND promise_id <> $2 AND NOT retracted"
                                + " AND broken_at <= $3 AND broken_at > $4" + scope, counted.toArray())
                        .map(row -> row.getLong(0)));
    }

    /** The failure of a promise no longer counts (its breach was retracted). */
    public Uni<Void> retract(String promiseId) {
        return Db.update("UPDATE " + failures + " SET retracted = true WHERE promise_id = $1", promiseId).replaceWithVoid();
    }
}
