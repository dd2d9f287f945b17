package io.kept.analytics.rebuild;

import io.kept.analytics.projection.ProjectionTables;
import io.quarkus.logging.Log;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The tables a rebuild replays into ({@code rebuild_*}), beside the live ones and shaped like them, so that the live
 * tables keep serving until the swap; the BI role cannot see them. They keep only their unique indexes, which the
 * projections write by, because the others would be kept on every change of the replay and the swap fills the live
 * ones once per row anyway.
 */
final class ShadowTables {

    private final RebuildConnections connections;
    private final ProjectionTables live;
    private final ProjectionTables shadow;
    private final List<String> tables;

    ShadowTables(RebuildConnections connections, String schema) {
        this.connections = connections;
        this.live = ProjectionTables.live(schema);
        this.shadow = ProjectionTables.shadow(schema);
        List<String> all = new ArrayList<>(ProjectionTables.ALL);
        // The consumed event ids are replayed too: after the swap the live consumers skip what the rebuild projected.
        all.add("consumed_events");
        this.tables = List.copyOf(all);
    }

    /** Where the replay writes. */
    ProjectionTables tables() {
        return shadow;
    }

    /** Empty shadow tables, replacing any a failed rebuild left. */
    void create() throws SQLException {
        try (Connection connection = connections.open(); Statement sql = connection.createStatement()) {
            connection.setAutoCommit(false);
            for (String table : tables) {
                sql.execute("DROP TABLE IF EXISTS " + shadow.table(table));
                sql.execute("CREATE TABLE " + shadow.table(table) + " (LIKE " + live.table(table) + " INCLUDING ALL)");
            }
            // Only the unique indexes: the projections find rows by their keys and ON CONFLICT needs them. The
            // others serve the BI reads of the live tables; kept here, every insert and update of the replay would
            // keep them too (an update that changes an indexed column, most of them, writes a new entry in each),
            // and the swap's INSERT ... SELECT fills the live ones once per row anyway.
            List<String> secondary = new ArrayList<>();
            try (PreparedStatement indexes = connection.prepareStatement("SELECT i.indexrelid::regclass::text FROM pg_index i"
                    + " WHERE i.indrelid = CAST(? AS regclass) AND NOT i.indisunique")) {
                for (String table : tables) {
                    indexes.setString(1, shadow.table(table));
                    try (ResultSet rs = indexes.executeQuery()) {
                        while (rs.next()) {
                            secondary.add(rs.getString(1));
                        }
                    }
                }
            }
            for (String index : secondary) {
                sql.execute("DROP INDEX " + index);
            }
            connection.commit();
        }
    }

    /**
     * Empties every live table and fills it from its shadow, in the caller's transaction. DELETE, not TRUNCATE:
     * readers of the views go on seeing the old rows (MVCC) until the commit shows them the new ones, instead of
     * waiting for an exclusive lock; and the views stay bound to the same tables. Only the analytics consumers record
     * into this schema's consumed_events.
     */
    void copyIntoLive(Statement sql) throws SQLException {
        for (String table : tables) {
            sql.execute("DELETE FROM " + live.table(table));
            sql.execute("INSERT INTO " + live.table(table) + " SELECT * FROM " + shadow.table(table));
        }
    }

    /** Drops the shadow tables, however the rebuild ended. */
    void drop() {
        try (Connection connection = connections.open(); Statement sql = connection.createStatement()) {
            for (String table : tables) {
                sql.execute("DROP TABLE IF EXISTS " + shadow.table(table));
            }
        } catch (SQLException e) {
            Log.warnf("Could not drop the rebuild's shadow tables (the next rebuild replaces them): %s", e.getMessage());
        }
    }

    /** The live table of {@code name}, e.g. {@code analytics.consumed_events}. */
    String live(String name) {
        return live.table(name);
    }
}
