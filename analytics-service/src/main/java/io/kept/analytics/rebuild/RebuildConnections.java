package io.kept.analytics.rebuild;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import javax.sql.DataSource;

/**
 * The JDBC connections a rebuild works on. A statement that gets no answer within {@link #NO_ANSWER_AFTER} fails the
 * rebuild (which rolls back) instead of hanging it: while it runs, this replica's live consumers wait for it, so a
 * rebuild stuck on a dead connection would stop them for good.
 */
final class RebuildConnections {

    // Longer than any statement of a rebuild takes, the swap's copy of a million rows included (seconds here).
    private static final Duration NO_ANSWER_AFTER = Duration.ofMinutes(10);

    private final DataSource dataSource;

    RebuildConnections(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    Connection open() throws SQLException {
        Connection connection = dataSource.getConnection();
        try {
            connection.setNetworkTimeout(Runnable::run, (int) NO_ANSWER_AFTER.toMillis());
        } catch (SQLException e) {
            connection.close();
            throw e;
        }
        return connection;
    }
}
