package io.kept.analytics.rebuild;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The last step of a rebuild, in one transaction so that readers of the views see the old numbers or the new ones,
 * never a mix: the live consumed-event table is locked, which holds the live consumers at their next event (they
 * record its id first); the replay reads to the end offsets of that moment, so the shadow holds every event the live
 * tables ever saw; the live tables are filled from the shadow. After the commit the live consumers go on, skipping
 * what the rebuild projected. A lock not granted within 60 s fails the rebuild rather than stall the live consumers.
 */
final class Swap {

    private final RebuildConnections connections;
    private final ShadowTables shadow;

    Swap(RebuildConnections connections, ShadowTables shadow) {
        this.connections = connections;
        this.shadow = shadow;
    }

    void run(Replay replay) throws SQLException {
        try (Connection connection = connections.open(); Statement sql = connection.createStatement()) {
            connection.setAutoCommit(false);
            try {
                sql.execute("SET LOCAL lock_timeout = '60s'");
                // EXCLUSIVE still lets readers in.
                sql.execute("LOCK TABLE " + shadow.live("consumed_events") + " IN EXCLUSIVE MODE");
                replay.toNow(connection);
                shadow.copyIntoLive(sql);
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
    }
}
