package io.kept.eventstore;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The WHERE clause of a list read, from the filters a client gave: each given filter adds {@code column = $n} with its
 * value as the next parameter, an absent one adds nothing. Column names come from code, never from a client.
 *
 * <pre>{@code
 * Where where = Where.of("status = 'open'").equal("customer_id", customerId).equal("team", team);
 * Db.rows("SELECT ... FROM promises" + where.sql() + " ORDER BY made_at" + Where.page(page, size), where.params());
 * }</pre>
 */
public final class Where {

    private final StringBuilder sql;
    private final List<Object> params;

    private Where(String condition, List<Object> params) {
        this.sql = new StringBuilder(" WHERE ").append(condition);
        this.params = params;
    }

    /** A fixed condition, and the values it names as {@code $1}, {@code $2}...; "true" when there is none. */
    public static Where of(String condition, Object... params) {
        return new Where(condition, new ArrayList<>(Arrays.asList(params)));
    }

    /** Every row, until filters are added. */
    public static Where all() {
        return of("true");
    }

    /** Keeps the rows whose {@code column} equals {@code value}; nothing when {@code value} is null (not filtered). */
    public Where equal(String column, Object value) {
        if (value != null) {
            params.add(value);
            sql.append(" AND ").append(column).append(" = $").append(params.size());
        }
        return this;
    }

    /** {@code " WHERE ..."}, to follow the table. */
    public String sql() {
        return sql.toString();
    }

    public List<Object> params() {
        return params;
    }

    /** The {@code LIMIT ... OFFSET ...} of a page (from 0) of {@code size} rows, to follow the ORDER BY. */
    public static String page(int page, int size) {
        return " LIMIT " + size + " OFFSET " + ((long) page * size);
    }
}
