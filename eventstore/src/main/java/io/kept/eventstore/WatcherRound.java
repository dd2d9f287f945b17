package io.kept.eventstore;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Metrics;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Row;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/**
 * One round of a watcher, the same in every watcher: claim a chunk of due items, check them together, and go on
 * while chunks come back full.
 *
 * <p><b>Replicas share the due items.</b> A chunk is claimed in a transaction that takes a transaction-scoped
 * advisory lock per item ({@code pg_try_advisory_xact_lock}, keyed by the watcher and the item's key) and skips the
 * items another replica's chunk holds, so two replicas running at once check different items instead of racing for
 * the same first batch. Advisory locks, not {@code FOR UPDATE} on the read model's rows: a request that updates one of
 * those rows never waits for a watcher. An item may still be checked twice when a replica's chunk commits just as
 * another's claim reads; the check is idempotent (its events have derived ids and it appends at the version it
 * loaded), so that costs a look, never a second event.
 *
 * <p><b>A chunk is decided and appended together.</b> Its items' commands run at once in the claiming transaction
 * (each joins it: their statements are pipelined on one connection) and commit once. When any of them fails (another
 * writer appended first, a rule, the database), the transaction rolls back and each item of the chunk is checked
 * again alone ({@link WatcherItem#round}), so one item's failure stays its own: counted, logged, tried next round.
 *
 * <p><b>A round drains.</b> While a chunk comes back full and appended something, the next chunk is claimed at once,
 * so a hundred thousand promises falling due together are worked off at the speed of the machine, not a chunk per
 * interval. A round whose chunk appended nothing stops, so items that stay due without anything to decide cannot keep
 * it spinning.
 */
public final class WatcherRound {

    /** Candidates read per chunk, as a multiple of the chunk: the room left to skip what other replicas hold. */
    private static final int CANDIDATES_PER_ITEM = 4;

    private WatcherRound() {
    }

    /**
     * What a watcher looks for: {@code sql} selects the due items in the order to check them, without a LIMIT, and
     * {@code keyColumn} (one of its columns) names each item uniquely.
     */
    public record Due<T>(String watcher, String sql, List<Object> params, String keyColumn, Function<Row, T> item) {

        public Due {
            Objects.requireNonNull(watcher, "watcher");
            Objects.requireNonNull(sql, "sql");
            params = List.copyOf(params);
            Objects.requireNonNull(keyColumn, "keyColumn");
            Objects.requireNonNull(item, "item");
        }
    }

    /**
     * How a watcher checks an item: {@code check} runs its command (joining the chunk's transaction when there is
     * one) and answers what it did, {@code appended} counts the events that appended, {@code committed} sees it once it
     * is committed (for metrics), {@code describe} names the item in logs, {@code failures} counts the items that
     * failed alone.
     */
    public record Check<T, R>(Function<T, Uni<R>> check, ToIntFunction<R> appended, Consumer<R> committed,
            Function<T, String> describe, Counter failures) {

        Uni<R> run(T item) {
            return Uni.createFrom().deferred(() -> check.apply(item));
        }
    }

    /** What one round did. */
    public record Done(int checked, int appended, int chunks) {
    }

    /**
     * Runs one round: chunks of at most {@code chunkSize} claimed items, each checked {@code concurrency} at a time
     * when a chunk has to be checked item by item. Runs on the caller's Vert.x context; answers there.
     */
    public static <T, R> Uni<Done> run(Due<T> due, int chunkSize, int concurrency, Check<T, R> check) {
        Context parent = Vertx.currentContext();
        if (parent == null) {
            throw new IllegalStateException("A watcher round runs on a Vert.x context; there is none on "
                    + Thread.currentThread().getName());
        }
        int size = Math.max(1, chunkSize);
        Counter checked = Counter.builder("kept.watcher.items").tag("watcher", due.watcher())
                .description("Due items a watcher checked").register(Metrics.globalRegistry);
        Counter alone = Counter.builder("kept.watcher.chunks.alone").tag("watcher", due.watcher())
                .description("Chunks of due items checked again item by item because one of them failed together")
                .register(Metrics.globalRegistry);
        return drain(parent, due, size, concurrency, check, checked, alone, new Done(0, 0, 0))
                .emitOn(command -> parent.runOnContext(v -> command.run()));
    }

    private static <T, R> Uni<Done> drain(Context parent, Due<T> due, int size, int concurrency, Check<T, R> check,
            Counter checked, Counter alone, Done sofar) {
        return chunk(parent, due, size, concurrency, check, alone).flatMap(chunk -> {
            checked.increment(chunk.checked());
            Done done = new Done(sofar.checked() + chunk.checked(), sofar.appended() + chunk.appended(),
                    sofar.chunks() + 1);
            return chunk.checked() == size && chunk.appended() > 0
                    ? drain(parent, due, size, concurrency, check, checked, alone, done)
                    : Uni.createFrom().item(done);
        });
    }

    /** One chunk: claimed and checked together, or, when that fails, checked again item by item. */
    private static <T, R> Uni<Done> chunk(Context parent, Due<T> due, int size, int concurrency, Check<T, R> check,
            Counter alone) {
        AtomicReference<List<T>> claimed = new AtomicReference<>();
        return UnitOfWork.onOwnContext(parent, () -> UnitOfWork.transaction(() -> claim(due, size).flatMap(items -> {
                    claimed.set(items);
                    return together(items, check);
                })))
                .map(results -> {
                    int appended = 0;
                    for (R result : results) {
                        check.committed().accept(result);
                        appended += check.appended().applyAsInt(result);
                    }
                    return new Done(results.size(), appended, 1);
                })
                .onFailure(f -> claimed.get() != null && !claimed.get().isEmpty()).recoverWithUni(failure -> {
                    List<T> items = claimed.get();
                    alone.increment();
                    Log.debugf(failure, "%s: a chunk of %d failed together; each item is checked alone",
                            due.watcher(), items.size());
                    return WatcherItem.round(items, concurrency, item -> WatcherItem.checked(check.run(item)
                                            .invoke(check.committed()).map(check.appended()::applyAsInt),
                                    check.failures(), "Watcher " + due.watcher(), check.describe().apply(item)))
                            .map(appended -> new Done(items.size(), appended, 1));
                });
    }

    /** The first {@code size} due items no other replica's chunk holds, each locked until this transaction ends. */
    private static <T> Uni<List<T>> claim(Due<T> due, int size) {
        List<Object> params = new ArrayList<>(due.params());
        params.add(due.watcher().hashCode());
        String sql = "SELECT * FROM (" + due.sql() + " LIMIT " + (long) size * CANDIDATES_PER_ITEM + ") due"
                + " WHERE pg_try_advisory_xact_lock($" + params.size() + ", hashtext(due." + due.keyColumn() + "))"
                + " LIMIT " + size;
        return Db.rows(sql, params).map(rows -> {
            List<T> items = new ArrayList<>(rows.size());
            for (Row row : rows) {
                items.add(due.item().apply(row));
            }
            return items;
        });
    }

    /** Every item's check at once, in the current transaction; fails when any of them does. */
    private static <T, R> Uni<List<R>> together(List<T> items, Check<T, R> check) {
        if (items.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return Uni.join().all(items.stream().map(check::run).toList()).andCollectFailures();
    }
}
