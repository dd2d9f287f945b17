package io.kept.analytics.projection;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One SQL statement of a projection with PostgreSQL's numbered parameters ({@code $1}, {@code $2}, …), for what a
 * {@link RowChange} cannot say: an upsert that keeps the highest version, a counter, an update on a condition, a
 * watermark. The live consumer runs it through the reactive client ({@link io.kept.eventstore.Db}), a rebuild through
 * JDBC ({@link #positional()}); a poll's changes that run the same statement go as one batch ({@link ChangeBatches}).
 *
 * <p>{@code row} names the one row a keyed change writes ({@code <table>/<$1>}, as {@link RowChange#row()} does), so
 * that it runs in order with that row's other changes; null for a change whose order does not matter.
 */
public record SqlChange(String row, String sql, List<Object> params) implements Change {

    private static final Pattern ORDINAL = Pattern.compile("\\$(\\d+)");

    /** A change whose order relative to other changes does not matter. */
    public static SqlChange of(String sql, Object... params) {
        return new SqlChange(null, sql, Arrays.asList(params));
    }

    /** A change to the row of {@code table} whose key is {@code $1}; ordered with the row's other changes. */
    public static SqlChange keyed(String table, String sql, Object... params) {
        if (params.length == 0 || params[0] == null) {
            throw new IllegalArgumentException("A keyed change names its row's key as $1: " + sql);
        }
        return new SqlChange(table + "/" + params[0], sql, Arrays.asList(params));
    }

    /** The JDBC form: every {@code $N} becomes {@code ?}, with the parameters in the order they appear. */
    public SqlChange positional() {
        Matcher m = ORDINAL.matcher(sql);
        StringBuilder out = new StringBuilder();
        List<Object> ordered = new ArrayList<>();
        while (m.find()) {
            ordered.add(params.get(Integer.parseInt(m.group(1)) - 1));
            m.appendReplacement(out, "?");
        }
        m.appendTail(out);
        return new SqlChange(row, out.toString(), ordered);
    }
}
