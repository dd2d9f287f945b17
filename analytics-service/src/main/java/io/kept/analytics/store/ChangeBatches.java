package io.kept.analytics.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.kept.analytics.projection.Change;
import io.kept.analytics.projection.RowChange;
import io.kept.analytics.projection.Sql;
import io.kept.analytics.projection.SqlChange;
import io.kept.events.EventJson;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The changes of many events as a few statements, in an order that gives the same rows as running every change one
 * after the other.
 * <ul>
 * <li><b>Folded per row.</b> A row's {@link RowChange}s fold into one while they can: a row created and then set
 * (a promise made and kept in the same poll) is one insert of its final values, which on conflict sets what the
 * updates set; updates in a row are one update. A {@link SqlChange} of the row, or a creation after an update, starts
 * the row's next write.</li>
 * <li><b>In waves.</b> Wave <i>n</i> holds every row's <i>n</i>-th write, so a row's writes run in order.</li>
 * <li><b>Set-based.</b> Within a wave, the rows of one table written with the same columns are one statement, whose
 * one parameter is the rows as a JSON array ({@code json_populate_recordset}, typed by the table's own row type);
 * the {@link SqlChange}s of a statement are one batch.</li>
 * <li>The changes bound to no row (timeline entries that read their customer from their stream's row, the watermark)
 * come last, grouped the same way.</li>
 * </ul>
 * A poll of a thousand events is then a handful of statements, each sent in one round trip, instead of thousands of
 * row-by-row executions; the live consumer and the rebuild both run them so ({@link ChangeWriter}).
 */
public final class ChangeBatches {

    /** The statement of each shape of row write seen so far: a poll has a handful of shapes, and every row has one. */
    private static final Map<Shape, Sql> STATEMENTS = new ConcurrentHashMap<>();

    private ChangeBatches() {
    }

    /** What decides a row write's statement: its table, key, kind, columns, the columns it sets on conflict, its lookup. */
    private record Shape(String table, String key, RowChange.Kind kind, Set<String> columns, Set<String> setOnConflict,
            RowChange.Lookup lookup) {
    }

    /**
     * One statement with every change that runs it, in order: for rows written set-based, one change whose only
     * parameter is the rows' JSON.
     */
    public record Batch(Sql statement, List<SqlChange> changes) {

        /** The statement as the reactive client runs it ({@code $1}, …). */
        public String sql() {
            return statement.numbered();
        }
    }

    /** The batches to run, in order, for changes given in the order of their events. */
    public static List<Batch> of(List<? extends Change> changes) {
        List<List<Object>> waves = new ArrayList<>();
        List<Object> last = new ArrayList<>();
        Map<Change.Row, Integer> writesPerRow = new HashMap<>();
        Map<Change.Row, Folded> open = new HashMap<>();
        for (Change change : changes) {
            Change.Row row = change.row();
            if (row == null) {
                last.add(change instanceof RowChange r ? new Folded(r) : change);
                continue;
            }
            if (change instanceof RowChange r) {
                Folded folded = open.get(row);
                if (folded != null && folded.absorb(r)) {
                    continue;
                }
                folded = new Folded(r);
                open.put(row, folded);
                wave(waves, writesPerRow.merge(row, 1, Integer::sum) - 1).add(folded);
            } else {
                open.remove(row);
                wave(waves, writesPerRow.merge(row, 1, Integer::sum) - 1).add(change);
            }
        }
        List<Batch> batches = new ArrayList<>();
        for (List<Object> wave : waves) {
            grouped(wave, batches);
        }
        grouped(last, batches);
        return batches;
    }

    private static List<Object> wave(List<List<Object>> waves, int wave) {
        if (wave == waves.size()) {
            waves.add(new ArrayList<>());
        }
        return waves.get(wave);
    }

    /** The writes of one wave (or the last group): rows by statement, one set-based change each; the rest batched. */
    private static void grouped(List<Object> writes, List<Batch> into) {
        Map<Sql, List<Map<String, Object>>> rows = new LinkedHashMap<>();
        Map<Sql, List<SqlChange>> statements = new LinkedHashMap<>();
        for (Object write : writes) {
            if (write instanceof Folded folded) {
                rows.computeIfAbsent(folded.sql(), sql -> new ArrayList<>()).add(folded.columns);
            } else {
                SqlChange change = (SqlChange) write;
                statements.computeIfAbsent(change.sql(), sql -> new ArrayList<>()).add(change);
            }
        }
        rows.forEach((sql, values) -> into.add(new Batch(sql, List.of(SqlChange.of(sql, json(values))))));
        statements.forEach((sql, same) -> into.add(new Batch(sql, same)));
    }

    private static String json(List<Map<String, Object>> rows) {
        try {
            return EventJson.mapper().writeValueAsString(rows);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Projection rows that are not JSON: " + e.getMessage(), e);
        }
    }

    /** One write of a row: a change and the plain updates folded into it. */
    private static final class Folded {
        private final RowChange first;
        private final Map<String, Object> columns;
        /** For a creation: what the updates folded into it set, which an existing row gets instead of being left alone. */
        private final Set<String> setOnConflict = new TreeSet<>();

        Folded(RowChange change) {
            this.first = change;
            this.columns = new LinkedHashMap<>(change.columns());
        }

        /** Folds {@code next} (a later change of the same row) into this write, if the two can be one. */
        boolean absorb(RowChange next) {
            if (next.kind() == RowChange.Kind.CREATE) {
                // After a creation the row exists, so a second one changes nothing; after an update it may not have.
                return first.kind() == RowChange.Kind.CREATE;
            }
            next.columns().forEach((column, value) -> {
                if (!column.equals(first.keyColumn())) {
                    columns.put(column, value);
                    setOnConflict.add(column);
                }
            });
            return true;
        }

        /** The statement that writes this row and every row of the same shape, from their JSON in {@code $1}. */
        Sql sql() {
            Shape shape = new Shape(first.table(), first.keyColumn(), first.kind(), columns.keySet(), setOnConflict,
                    first.lookup());
            Sql sql = STATEMENTS.get(shape);
            if (sql == null) {
                // Copies: the key must not change with the maps it was made of.
                Shape kept = new Shape(shape.table(), shape.key(), shape.kind(), Set.copyOf(columns.keySet()),
                        Set.copyOf(setOnConflict), shape.lookup());
                sql = sql(kept);
                STATEMENTS.put(kept, sql);
            }
            return sql;
        }

        private static Sql sql(Shape shape) {
            String table = shape.table();
            String key = shape.key();
            Set<String> written = new TreeSet<>(shape.columns());
            String rowsBefore = " FROM json_populate_recordset(NULL::" + table + ", CAST(";
            String rowsAfter = " AS text)::json) AS r";
            if (shape.kind() == RowChange.Kind.SET) {
                written.remove(key);
                String update = "UPDATE " + table + " AS t SET " + String.join(", ", written.stream().map(c -> c + " = r." + c).toList());
                String where = " WHERE t." + key + " = r." + key;
                return Sql.of(p -> update + rowsBefore + p.at(1) + rowsAfter + where);
            }
            RowChange.Lookup lookup = shape.lookup();
            List<String> targets = new ArrayList<>(written);
            List<String> values = new ArrayList<>(written.stream().map(c -> "r." + c).toList());
            String join = "";
            if (lookup != null) {
                targets.remove(lookup.column());
                values.remove("r." + lookup.column());
                targets.add(lookup.column());
                values.add("s." + lookup.column());
                join = " JOIN " + lookup.from() + " AS s ON s." + lookup.fromKey() + " = r." + lookup.by();
            }
            Set<String> setOnConflict = new TreeSet<>(shape.setOnConflict());
            String onConflict = setOnConflict.isEmpty() ? " DO NOTHING"
                    : " DO UPDATE SET " + String.join(", ", setOnConflict.stream().map(c -> c + " = EXCLUDED." + c).toList());
            String insert = "INSERT INTO " + table + " (" + String.join(", ", targets) + ") SELECT " + String.join(", ", values);
            String rest = join + " ON CONFLICT (" + key + ")" + onConflict;
            return Sql.of(p -> insert + rowsBefore + p.at(1) + rowsAfter + rest);
        }
    }
}
