package io.kept.eventstore;

import io.kept.eventstore.error.ConcurrencyConflictException;
import io.kept.eventstore.error.IdempotencyConflictException;
import io.micrometer.core.instrument.Counter;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.function.Function;

/** How a watcher checks one item of its round, the same in every watcher. */
public final class WatcherItem {

    private WatcherItem() {
    }

    /** How many items of a round a watcher checks at once unless configured otherwise ({@value #CONCURRENCY_KEY}). */
    public static final String CONCURRENCY_KEY = "kept.watchers.concurrency";
    public static final String DEFAULT_CONCURRENCY = "32";

    /**
     * Checks every item of a round, {@code concurrency} at a time, each on a Vert.x duplicated context of its own,
     * so that each runs in a unit of work of its own (two items on one context would join one transaction, and
     * one item's failure would undo the other's events), and answers how many events they appended in all. A
     * round checked one item after the other waits for a database round trip per statement with the CPU idle;
     * a few at once keep it busy. Their commands share commits ({@link CommitGroups}), so however many run at once they
     * hold at most a connection per lane, never every pooled connection the requests need.
     *
     * @param check one item's check, already wrapped by {@link #checked}
     */
    public static <T> Uni<Integer> round(List<T> items, int concurrency, Function<T, Uni<Integer>> check) {
        if (items.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        Context parent = Vertx.currentContext();
        if (parent == null) {
            throw new IllegalStateException("A watcher round runs on a Vert.x context; there is none on "
                    + Thread.currentThread().getName());
        }
        return Multi.createFrom().iterable(items)
                .onItem().transformToUni(item -> UnitOfWork.onOwnContext(parent, () -> check.apply(item))
                        // What checked() could not see: the check failing as it was built, before its Uni existed.
                        // That is the item's alone too; the rest of the round goes on.
                        .onFailure().recoverWithItem(e -> {
                            Log.errorf(e, "A watcher could not check %s; it is tried again next round", item);
                            return 0;
                        }))
                .merge(Math.max(1, concurrency))
                .collect().in(() -> new int[1], (sum, n) -> sum[0] += n)
                .map(sum -> sum[0])
                // Back on the round's own context, whichever item finished last.
                .emitOn(command -> parent.runOnContext(v -> command.run()));
    }

    /**
     * The events {@code check} appended for one item; 0 when another replica's watcher got there
     * first (it appended the same fact), and 0 when the item fails for any other reason: that
     * failure is the item's alone, so it is counted in {@code failures}, logged, and the rest of the
     * round goes on (the next round tries the item again).
     */
    public static Uni<Integer> checked(Uni<Integer> check, Counter failures, String watcher, String item) {
        return check
                .onFailure(f -> f instanceof ConcurrencyConflictException || f instanceof IdempotencyConflictException)
                .recoverWithItem(0)
                .onFailure().recoverWithItem(f -> {
                    failures.increment();
                    Log.warnf(f, "%s could not check %s; skipped this round", watcher, item);
                    return 0;
                });
    }
}
