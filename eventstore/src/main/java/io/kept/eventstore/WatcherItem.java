package io.kept.eventstore;

import io.kept.eventstore.error.ConcurrencyConflictException;
import io.kept.eventstore.error.IdempotencyConflictException;
import io.micrometer.core.instrument.Counter;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;

/** How a watcher checks one item of its round, the same in every watcher. */
public final class WatcherItem {

    private WatcherItem() {
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
