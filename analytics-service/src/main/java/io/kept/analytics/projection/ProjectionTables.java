package io.kept.analytics.projection;

import java.util.List;

/**
 * Where projections write: the live tables the BI views read ({@code analytics.promises}) or a
 * rebuild's shadow copies beside them ({@code analytics.rebuild_promises}), which the views never see.
 */
public record ProjectionTables(String schema, String prefix) {

    /** Every table a projection writes, in the order a rebuild copies them. */
    public static final List<String> ALL = List.of("guarantees", "promises", "recoveries", "followups",
            "customer_returns", "timeline", "projection_watermarks");

    /** One table and the column its rows are written by: where a projection's {@link RowChange}s go. */
    public record Keyed(String table, String keyColumn) {

        /** Inserts the row whose key is {@code key}, unless it exists. */
        public RowChange create(Object key) {
            return RowChange.create(table, keyColumn, key);
        }

        /** Updates the row whose key is {@code key}, if it exists. */
        public RowChange set(Object key) {
            return RowChange.set(table, keyColumn, key);
        }
    }

    public static ProjectionTables live(String schema) {
        return new ProjectionTables(schema, "");
    }

    public static ProjectionTables shadow(String schema) {
        return new ProjectionTables(schema, "rebuild_");
    }

    /** The qualified name of one table, e.g. {@code analytics.promises}. */
    public String table(String name) {
        return schema + "." + prefix + name;
    }

    /** One table, e.g. {@code analytics.promises}, whose rows are written by {@code keyColumn}. */
    public Keyed keyed(String name, String keyColumn) {
        return new Keyed(table(name), keyColumn);
    }
}
