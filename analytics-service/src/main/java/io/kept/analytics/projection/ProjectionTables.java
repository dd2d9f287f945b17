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
}
