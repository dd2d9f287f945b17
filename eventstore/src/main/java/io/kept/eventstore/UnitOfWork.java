package io.kept.eventstore;

import io.kept.eventstore.outbox.OutboxWakeup;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import java.util.function.Supplier;

/**
 * The only way Kept's code opens a Hibernate Reactive session or transaction.
 *
 * <p>Once started, a unit of work runs to its end, commit or rollback, and gives its connection
 * back, whatever happens to the caller. Quarkus REST cancels a request's {@code Uni} when the
 * client disconnects; a cancellation that reaches Hibernate Reactive mid-transaction (or while it
 * waits for a pooled connection) closes the session with the transaction still live and the
 * connection never returns to the pool (HR000090, quarkusio/quarkus#51576,
 * hibernate/hibernate-reactive#4133). Twenty abandoned requests emptied the pool for good. Here
 * the work is subscribed on its own: a cancelled caller stops waiting for the result, the work
 * does not stop.
 */
public final class UnitOfWork {

    private UnitOfWork() {
    }

    /**
     * Runs {@code work} in a transaction (joining the current one, if any) that the caller cannot cancel. Once it
     * has committed, this process's outbox relay is woken for what it may have appended.
     */
    public static <T> Uni<T> transaction(Supplier<Uni<T>> work) {
        return uncancellable(() -> Panache.withTransaction(work)).invoke(OutboxWakeup::committed);
    }

    /** Runs {@code work} in a session (the current one, if any) that the caller cannot cancel. */
    public static <T> Uni<T> session(Supplier<Uni<T>> work) {
        return uncancellable(() -> Panache.withSession(work));
    }

    /**
     * Subscribes to {@code work} when subscribed to, on the subscriber's Vert.x context (where
     * Panache keeps the session), and hands its outcome on; cancelling the returned {@code Uni}
     * drops the outcome but never cancels the work.
     */
    static <T> Uni<T> uncancellable(Supplier<Uni<T>> work) {
        return Uni.createFrom().emitter(emitter -> {
            Uni<T> started;
            try {
                started = work.get();
            } catch (RuntimeException e) {
                emitter.fail(e);
                return;
            }
            started.subscribe().with(emitter::complete, emitter::fail);
        });
    }
}
