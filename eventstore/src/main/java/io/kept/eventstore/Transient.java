package io.kept.eventstore;

import io.kept.eventstore.error.ConcurrencyConflictException;
import io.vertx.pgclient.PgException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeoutException;

/**
 * Tells a failure that can succeed when tried again (the database is away, busy or failing over,
 * another writer got there first) from one that never will (the record itself is wrong).
 */
public final class Transient {

    /**
     * PostgreSQL error codes worth another try: every connection exception (class 08), serialization
     * failure, deadlock, lock not available, too many connections, out of memory or disk, the server
     * shutting down or starting, a cancelled statement, a read-only standby during failover, a database not accepting
     * connections (55000, ALTER DATABASE ... ALLOW_CONNECTIONS false).
     */
    private static final Set<String> SQL_STATES = Set.of("40001", "40P01", "55P03", "53000", "53100", "53200", "53300",
            "53400", "57014", "57P01", "57P02", "57P03", "57P05", "25006", "58000", "58030", "55000");

    private Transient() {
    }

    public static boolean is(Throwable failure) {
        return reason(failure).isPresent();
    }

    /** Why the failure is transient, or empty when trying again cannot help. */
    public static Optional<String> reason(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ConcurrencyConflictException) {
                return Optional.of("concurrency conflict: " + t.getMessage());
            }
            if (t instanceof PgException pg) {
                String state = pg.getSqlState();
                if (transientState(state)) {
                    return Optional.of("database " + state + ": " + pg.getErrorMessage());
                }
                return Optional.empty();
            }
            // The same codes from JDBC (Flyway, analytics' rebuild): a connection terminated by a failover, say.
            if (t instanceof java.sql.SQLException sql && transientState(sql.getSQLState())) {
                return Optional.of("database " + sql.getSQLState() + ": " + sql.getMessage());
            }
            // Network failures only: Jackson's parse errors are IOExceptions too, and never heal.
            if (t instanceof SocketException || t instanceof SocketTimeoutException || t instanceof UnknownHostException
                    || t instanceof ClosedChannelException || t instanceof TimeoutException) {
                return Optional.of(describe(t));
            }
            String name = t.getClass().getName();
            // The Vert.x SQL client's own: a connection closed under it, a pool wait that timed out,
            // and Vert.x's stack-less "Timeout" and "Connection refused" failures.
            if (name.equals("io.vertx.sqlclient.ClosedConnectionException")
                    || name.equals("io.vertx.core.VertxException") && mentionsConnection(t)
                    || name.equals("io.vertx.core.impl.NoStackTraceThrowable") && mentionsConnection(t)
                    || name.equals("io.vertx.core.impl.NoStackTraceTimeoutException")
                    || name.equals("io.netty.channel.ConnectTimeoutException")) {
                return Optional.of(describe(t));
            }
        }
        return Optional.empty();
    }

    /** Every connection exception (class 08) and the codes of {@link #SQL_STATES}. */
    private static boolean transientState(String state) {
        return state != null && (state.startsWith("08") || SQL_STATES.contains(state));
    }

    private static boolean mentionsConnection(Throwable t) {
        String message = t.getMessage() == null ? "" : t.getMessage().toLowerCase(java.util.Locale.ROOT);
        return message.contains("connection") || message.contains("closed") || message.contains("timeout")
                || message.contains("timed out") || message.contains("refused");
    }

    private static String describe(Throwable t) {
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
    }
}
