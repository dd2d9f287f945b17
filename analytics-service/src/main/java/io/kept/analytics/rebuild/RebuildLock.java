package io.kept.analytics.rebuild;

import io.kept.eventstore.domain.DomainException;
import io.quarkus.logging.Log;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/**
 * The PostgreSQL advisory lock that lets one rebuild run at a time across every replica. It is held on a connection of
 * its own, named {@code kept-analytics-rebuild@<host>/<pid>}, from start to end: a request anywhere else meanwhile is a
 * 409 naming that holder, and a replica that dies mid-rebuild frees it with its session.
 */
final class RebuildLock {

    /** The advisory lock every analytics replica's rebuild takes: (LOCK_CLASS, LOCK_ID). */
    static final int LOCK_CLASS = 0x6b657074; // "kept"
    static final int LOCK_ID = 1;

    private final Connection connection;

    private RebuildLock(Connection connection) {
        this.connection = connection;
    }

    /** Takes the lock, or refuses naming the replica that holds it. */
    static RebuildLock acquire(DataSource dataSource) {
        String name = "kept-analytics-rebuild@" + host();
        Connection connection = null;
        try {
            connection = dataSource.getConnection();
            connection.setAutoCommit(true);
            try (Statement sql = connection.createStatement()) {
                sql.execute("SET application_name = '" + name.replace("'", "''") + "'");
                try (ResultSet rs = sql.executeQuery("SELECT pg_try_advisory_lock(" + LOCK_CLASS + ", " + LOCK_ID + ")")) {
                    rs.next();
                    if (rs.getBoolean(1)) {
                        return new RebuildLock(connection);
                    }
                }
                String holder = "another replica";
                try (ResultSet rs = sql.executeQuery("SELECT a.application_name, a.backend_start FROM pg_locks l"
                        + " JOIN pg_stat_activity a ON a.pid = l.pid WHERE l.locktype = 'advisory' AND l.granted"
                        + " AND l.classid = " + LOCK_CLASS + " AND l.objid = " + LOCK_ID + " AND l.objsubid = 2")) {
                    if (rs.next()) {
                        holder = rs.getString(1) + " (connected since " + rs.getObject(2) + ")";
                    }
                }
                sql.execute("RESET application_name");
                connection.close();
                throw DomainException.illegalTransition("A rebuild is already running on " + holder
                        + "; one runs at a time across every replica");
            }
        } catch (SQLException e) {
            closeQuietly(connection);
            throw new IllegalStateException("Could not take the rebuild lock: " + e.getMessage(), e);
        }
    }

    void release() {
        try (Statement sql = connection.createStatement()) {
            sql.execute("SELECT pg_advisory_unlock(" + LOCK_CLASS + ", " + LOCK_ID + ")");
            sql.execute("RESET application_name");
        } catch (SQLException e) {
            Log.warnf("Could not release the rebuild lock; it goes when its connection closes: %s", e.getMessage());
        } finally {
            closeQuietly(connection);
        }
    }

    private static void closeQuietly(Connection connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                Log.debug("Closing the rebuild lock connection failed", e);
            }
        }
    }

    private static String host() {
        String host = System.getenv("HOSTNAME");
        if (host == null || host.isBlank()) {
            try {
                host = java.net.InetAddress.getLocalHost().getHostName();
            } catch (java.io.IOException e) {
                host = "unknown-host";
            }
        }
        return host + "/" + ProcessHandle.current().pid();
    }
}
