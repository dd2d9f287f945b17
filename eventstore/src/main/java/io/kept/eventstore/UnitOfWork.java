package io.kept.eventstore;

import io.kept.eventstore.outbox.OutboxWakeup;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.SqlConnection;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The only way Kept's code opens a database transaction. A statement outside one ({@link Db}) runs on the pool.
 *
 * <p>The connection is kept in the local data of the current Vert.x duplicated context (one per request or per
 * consumed record), where {@link Db} finds it; a unit of work started inside another joins it.
 *
 * <p>Once started, a unit of work runs to its end, commit or rollback, and gives its connection back, whatever
 * happens to the caller. Quarkus REST cancels a request's {@code Uni} when the client disconnects; a cancellation
 * that reaches a transaction midway (or while it waits for a pooled connection) would leave the connection
 * outside the pool (with Hibernate Reactive this was HR000090, quarkusio/quarkus#51576: twenty abandoned
 * requests emptied the pool for good). Here the work is subscribed on its own: a cancelled caller stops waiting
 * for the result, the work does not stop.
 */
public final class UnitOfWork {

    private UnitOfWork() {
    }

    /**
     * Runs {@code work} in a transaction (joining the current one, if any) that the caller cannot cancel. Once it
     * has committed, this process's outbox relay is woken for what it may have appended.
     */
    public static <T> Uni<T> transaction(Supplier<Uni<T>> work) {
        return uncancellable(() -> Db.current() != null ? work.get() : held(work).invoke(OutboxWakeup::committed));
    }

    /**
     * Runs a command on {@code stream} in a transaction (joining the current one, if any) that the caller cannot
     * cancel. Opened here, the transaction is shared with the commands of other streams running at the same time
     * ({@link CommitGroups}: one commit for all, each answered only once it is committed, each run again alone if
     * another of its group fails); {@code work} must therefore take what it needs of its caller with it, not look
     * it up from request-scoped beans.
     */
    public static <T> Uni<T> transaction(Object stream, Supplier<Uni<T>> work) {
        return uncancellable(() -> {
            if (Db.current() != null) {
                return work.get();
            }
            return CommitGroups.enabled()
                    ? CommitGroups.submit(stream, duplicatedContext(), work)
                    : held(work).invoke(OutboxWakeup::committed);
        });
    }

    /** Runs {@code work} in a transaction on a connection of the pool, held on this context while it runs. */
    static <T> Uni<T> held(Supplier<Uni<T>> work) {
        Context context = duplicatedContext();
        Function<SqlConnection, Uni<T>> held = connection -> {
            Db.hold(context, connection);
            return Uni.createFrom().<T>deferred(work::get).eventually(() -> Db.release(context));
        };
        return Db.pool().withTransaction(held);
    }

    /**
     * Runs {@code work} on a new duplicated context of {@code parent}, where a unit of work it opens keeps its
     * connection apart from any other on {@code parent} (two units of work on one context would join one
     * transaction). Not cancellable, as {@link #transaction}; answers on whichever thread the work ends.
     */
    public static <T> Uni<T> onOwnContext(Context parent, Supplier<Uni<T>> work) {
        Context own = VertxContext.createNewDuplicatedContext(parent);
        return Uni.createFrom().emitter(emitter -> own.runOnContext(v -> uncancellable(work)
                .subscribe().with(emitter::complete, emitter::fail)));
    }

    private static Context duplicatedContext() {
        Context context = Vertx.currentContext();
        if (context == null || !VertxContext.isDuplicatedContext(context)) {
            throw new IllegalStateException("A unit of work needs a Vert.x duplicated context (a request, a consumed "
                    + "record, or VertxContextSupport); there is none on " + Thread.currentThread().getName());
        }
        return context;
    }

    /**
     * Subscribes to {@code work} when subscribed to, on the subscriber's Vert.x context (where the unit of work
     * keeps its connection), and hands its outcome on; cancelling the returned {@code Uni} drops the outcome but
     * never cancels the work.
     */
    static <T> Uni<T> uncancellable(Supplier<Uni<T>> work) {
        return Uni.createFrom().emitter(emitter -> {
            Uni<T> started;
            try {
                started = work.get();
            } catch (Throwable e) {
                // An Error too: whoever subscribed learns of it instead of waiting for an outcome that never comes.
                emitter.fail(e);
                return;
            }
            started.subscribe().with(emitter::complete, emitter::fail);
        });
    }
}
