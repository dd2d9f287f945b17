package io.kept.eventstore;

import io.quarkus.arc.Arc;
import io.quarkus.arc.ArcContainer;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * Kept's SQL, straight on the reactive PostgreSQL client: every statement runs on the connection of the current
 * {@link UnitOfWork} (the Vert.x context's), or on the pool when there is none. Parameters are PostgreSQL's
 * {@code $1, $2, …}, bound as the client binds them ({@link SqlTime#timestamp} for instants).
 *
 * <p>Hibernate Reactive ran these same native statements before; interpreting each one was most of the write
 * path's CPU (bench/README.md), and Kept maps no entities.
 */
public final class Db {

    private static final String CONNECTION = "kept.db.connection";

    private static volatile Held held;

    private record Held(ArcContainer container, Pool pool) {
    }

    private Db() {
    }

    /** The rows a statement answers. */
    public static Uni<List<Row>> rows(String sql, Object... params) {
        return execute(sql, params).map(Db::list);
    }

    /** The rows a statement answers, with its parameters as a list (for statements built at run time). */
    public static Uni<List<Row>> rows(String sql, List<?> params) {
        return execute(sql, params).map(Db::list);
    }

    /** The first row a statement answers, or null. */
    public static Uni<Row> row(String sql, Object... params) {
        return execute(sql, params).map(rows -> {
            var it = rows.iterator();
            return it.hasNext() ? it.next() : null;
        });
    }

    /** The number of rows a statement changed. */
    public static Uni<Integer> update(String sql, Object... params) {
        return execute(sql, params).map(RowSet::rowCount);
    }

    /** The number of rows a statement changed, with its parameters as a list. */
    public static Uni<Integer> update(String sql, List<?> params) {
        return execute(sql, params).map(RowSet::rowCount);
    }

    /**
     * One statement run once for each parameter list, all sent together (one round trip, not one per list), in the
     * current unit of work; answers the number of rows changed in all.
     */
    @SuppressWarnings("unchecked")
    public static Uni<Integer> batch(String sql, List<? extends List<?>> params) {
        if (params.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        if (params.size() == 1) {
            return update(sql, params.get(0));
        }
        List<Tuple> tuples = new ArrayList<>(params.size());
        for (List<?> one : params) {
            tuples.add(Tuple.from((List<Object>) one));
        }
        return onConnection(c -> c.preparedQuery(sql).executeBatch(tuples)).map(rows -> {
            int changed = 0;
            for (RowSet<Row> each = rows; each != null; each = each.next()) {
                changed += each.rowCount();
            }
            return changed;
        });
    }

    private static Uni<RowSet<Row>> execute(String sql, Object... params) {
        return execute(sql, Arrays.asList(params));
    }

    @SuppressWarnings("unchecked")
    private static Uni<RowSet<Row>> execute(String sql, List<?> params) {
        Tuple tuple = Tuple.from((List<Object>) params);
        return onConnection(c -> c.preparedQuery(sql).execute(tuple));
    }

    /**
     * Runs a statement on the current unit of work's connection, or on a connection of the pool when none runs on this
     * context. Never on the pool itself: a statement run on the pool whose connection cannot be made (the database
     * refusing connections) leaves a timer behind that fails it a second time, and Vert.x logs "Result is already
     * complete" for every such statement (vertx-sql-client#1706).
     */
    private static <T> Uni<T> onConnection(Function<SqlConnection, Uni<T>> statement) {
        SqlConnection connection = current();
        return connection != null ? statement.apply(connection) : pool().withConnection(statement);
    }

    private static List<Row> list(RowSet<Row> rows) {
        List<Row> list = new ArrayList<>(rows.size());
        for (Row row : rows) {
            list.add(row);
        }
        return list;
    }

    /** The connection of the unit of work running on this Vert.x context, if any. */
    static SqlConnection current() {
        Context context = Vertx.currentContext();
        return context == null ? null : context.getLocal(CONNECTION);
    }

    static void hold(Context context, SqlConnection connection) {
        context.putLocal(CONNECTION, connection);
    }

    static void release(Context context) {
        context.removeLocal(CONNECTION);
    }

    /** The application's pool; looked up again when a test restarts the application in the same JVM. */
    static Pool pool() {
        ArcContainer container = Arc.container();
        Held h = held;
        if (h == null || h.container() != container) {
            if (container == null) {
                throw new IllegalStateException("No running application to take a database connection from");
            }
            h = new Held(container, container.instance(Pool.class).get());
            held = h;
        }
        return h.pool();
    }
}
