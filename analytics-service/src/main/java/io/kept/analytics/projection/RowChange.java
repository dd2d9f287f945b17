package io.kept.analytics.projection;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * A change to one row of a projection table, found by its key column: {@linkplain #create created} if absent
 * ({@code INSERT … ON CONFLICT DO NOTHING}), or {@linkplain #set updated} if present, with plain values. Being data
 * rather than SQL, the changes of a poll fold: a row created and then updated in one poll is written once, with its
 * final values, and the rows of a poll that share a shape are written by one statement ({@link ChangeBatches}).
 *
 * <p>Values are what PostgreSQL reads from JSON into the column's type ({@code json_populate_recordset}): text,
 * booleans, numbers, instants (as ISO-8601 in UTC, to the microsecond a {@code timestamptz} keeps) and JSON
 * ({@code jsonb} columns).
 */
public final class RowChange implements Change {

    /** How a change treats the row. */
    public enum Kind {
        /** Insert the row unless one with its key exists. */
        CREATE,
        /** Update the given columns of the row with its key, if there is one. */
        SET
    }

    /**
     * A column filled from another table's row, as a timeline entry takes its customer from its stream's row:
     * {@code column} gets {@code from.column} of the row of {@code from} whose {@code fromKey} equals this row's
     * {@code by}. A row whose lookup finds nothing is not written.
     */
    public record Lookup(String column, String from, String fromKey, String by) {
    }

    private static final DateTimeFormatter INSTANT = DateTimeFormatter.ISO_INSTANT;

    private final String table;
    private final String keyColumn;
    private final Kind kind;
    private final Map<String, Object> columns = new LinkedHashMap<>();
    private Lookup lookup;

    private RowChange(String table, String keyColumn, Object key, Kind kind) {
        this.table = Objects.requireNonNull(table, "table");
        this.keyColumn = Objects.requireNonNull(keyColumn, "keyColumn");
        this.kind = kind;
        columns.put(keyColumn, json(Objects.requireNonNull(key, "key")));
    }

    /** Inserts the row of {@code table} whose {@code keyColumn} is {@code key}, unless it exists. */
    public static RowChange create(String table, String keyColumn, Object key) {
        return new RowChange(table, keyColumn, key, Kind.CREATE);
    }

    /** Updates the row of {@code table} whose {@code keyColumn} is {@code key}, if it exists. */
    public static RowChange set(String table, String keyColumn, Object key) {
        return new RowChange(table, keyColumn, key, Kind.SET);
    }

    /** Writes {@code value} (null included) into {@code column}. */
    public RowChange with(String column, Object value) {
        if (column.equals(keyColumn)) {
            throw new IllegalArgumentException("The key column " + column + " is given when the change is made");
        }
        columns.put(column, json(value));
        return this;
    }

    /** Fills {@code column} from another table's row (see {@link Lookup}); only for a created row. */
    public RowChange lookup(String column, String from, String fromKey, String by) {
        if (kind != Kind.CREATE || !columns.containsKey(by)) {
            throw new IllegalArgumentException("A lookup fills a created row by one of its columns, not " + by);
        }
        this.lookup = new Lookup(column, from, fromKey, by);
        return this;
    }

    public String table() {
        return table;
    }

    public String keyColumn() {
        return keyColumn;
    }

    public Kind kind() {
        return kind;
    }

    /** The key and every column written, in the order given, as JSON-ready values. */
    public Map<String, Object> columns() {
        return columns;
    }

    public Lookup lookup() {
        return lookup;
    }

    @Override
    public Row row() {
        // A row filled from another's is written after every row is (ChangeBatches runs changes without a row last).
        return lookup != null ? null : new Row(table, String.valueOf(columns.get(keyColumn)));
    }

    @Override
    public String toString() {
        return kind + " " + table + " " + columns + (lookup == null ? "" : " " + lookup);
    }

    private static Object json(Object value) {
        if (value == null || value instanceof String || value instanceof Boolean || value instanceof Integer
                || value instanceof Long || value instanceof Double || value instanceof BigDecimal || value instanceof JsonNode) {
            return value;
        }
        if (value instanceof Instant instant) {
            // What a timestamptz keeps, truncated as the reactive client's binary protocol truncates it (text input rounds).
            return INSTANT.format(instant.truncatedTo(ChronoUnit.MICROS));
        }
        if (value instanceof UUID uuid) {
            return uuid.toString();
        }
        throw new IllegalArgumentException("Not a value a projection writes: " + value.getClass().getName());
    }
}
