package io.kept.analytics.projection;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One SQL statement of a projection, for what a {@link RowChange} cannot say: an upsert that keeps the highest
 * version, a counter, an update on a condition, a watermark. Its {@link Sql} is written once for the reactive client
 * (the live consumers) and JDBC (a rebuild); a poll's changes that run the same statement go as one batch.
 *
 * <p>A keyed change names the one row it writes by its table and key, as a {@link RowChange} does, so that it runs in
 * order with that row's other changes; the key is also its first parameter. An unkeyed change's order does not matter.
 */
public final class SqlChange implements Change {

    private final Row row;
    private final Sql sql;
    private final List<Object> params;

    private SqlChange(Row row, Sql sql, List<Object> params) {
        this.row = row;
        this.sql = sql;
        this.params = params;
    }

    /** A change whose order relative to other changes does not matter. */
    public static SqlChange of(Sql.Text sql, Object... params) {
        return new SqlChange(null, Sql.of(sql), Arrays.asList(params));
    }

    /** A change whose order does not matter, of a statement already made. */
    public static SqlChange of(Sql sql, Object... params) {
        return new SqlChange(null, sql, Arrays.asList(params));
    }

    /** A change to the row of {@code table} whose key is {@code key}, parameter 1; then {@code more} from 2. */
    public static SqlChange keyed(String table, Object key, Sql.Text sql, Object... more) {
        List<Object> params = new ArrayList<>(more.length + 1);
        params.add(Objects.requireNonNull(key, "key"));
        params.addAll(Arrays.asList(more));
        return new SqlChange(new Row(table, key.toString()), Sql.of(sql), params);
    }

    @Override
    public Row row() {
        return row;
    }

    public Sql sql() {
        return sql;
    }

    /** The parameters by number: {@code params().get(0)} is parameter 1. */
    public List<Object> params() {
        return params;
    }

    @Override
    public String toString() {
        return sql + " " + params;
    }
}
