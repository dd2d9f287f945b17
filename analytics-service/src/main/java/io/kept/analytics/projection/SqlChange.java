package io.kept.analytics.projection;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One SQL statement of a projection with PostgreSQL's numbered parameters ({@code $1}, {@code $2}, …).
 * The projections only say what to change; the live consumer runs the changes through the reactive
 * client ({@link io.kept.eventstore.Db}), a rebuild through JDBC ({@link #positional()}).
 *
 * <p>{@code row} names the one row a keyed change writes (its table and first parameter): changes
 * to the same row must run in order, changes to different rows need not, which lets the live
 * consumer and the rebuild batch them ({@link ChangeBatches}). A change without a row ({@code null}) depends on no other change's order, only on
 * the rows being there.
 */
public record SqlChange(String row, String sql, List<Object> params) {

    private static final Pattern ORDINAL = Pattern.compile("\\$(\\d+)");
    private static final Pattern TARGET = Pattern.compile("^(?:INSERT INTO|UPDATE)\\s+(\\S+)");

    /** A change whose order relative to other changes does not matter. */
    public static SqlChange of(String sql, Object... params) {
        return new SqlChange(null, sql, Arrays.asList(params));
    }

    /** A change to the row of its target table whose key is {@code $1}; ordered with the row's other changes. */
    public static SqlChange keyed(String sql, Object... params) {
        Matcher target = TARGET.matcher(sql);
        if (!target.find() || params.length == 0) {
            throw new IllegalArgumentException("Not a keyed INSERT or UPDATE: " + sql);
        }
        return new SqlChange(target.group(1) + "/" + params[0], sql, Arrays.asList(params));
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
