package io.kept.analytics.query;

import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Query results as ordered rows, rendered as JSON objects or as CSV with a header row. */
public final class Rows {

    private static final CsvMapper CSV = new CsvMapper();

    private final List<String> columns;
    private final List<Map<String, Object>> rows;

    private Rows(List<String> columns, List<Map<String, Object>> rows) {
        this.columns = columns;
        this.rows = rows;
    }

    public static Rows of(RowSet<Row> set) {
        List<String> columns = set.columnsNames() == null ? List.of() : List.copyOf(set.columnsNames());
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Row row : set) {
            Map<String, Object> values = new LinkedHashMap<>();
            for (int i = 0; i < columns.size(); i++) {
                values.put(columns.get(i), plain(row.getValue(i)));
            }
            rows.add(values);
        }
        return new Rows(columns, rows);
    }

    public List<Map<String, Object>> rows() {
        return rows;
    }

    /** Rows as given: for tests of the rendering. */
    static Rows of(List<String> columns, List<Map<String, Object>> rows) {
        return new Rows(List.copyOf(columns), List.copyOf(rows));
    }

    /**
     * Every row as CSV under a header row of the column names; empty cells for nulls. A text cell a
     * spreadsheet would run as a formula is neutralised ({@link #cell}).
     */
    public String csv() {
        CsvSchema.Builder schema = CsvSchema.builder().setUseHeader(true);
        columns.forEach(schema::addColumn);
        try {
            List<Map<String, String>> text = new ArrayList<>();
            for (Map<String, Object> row : rows) {
                Map<String, String> cells = new LinkedHashMap<>();
                row.forEach((k, v) -> cells.put(k, cell(v)));
                text.add(cells);
            }
            return CSV.writer(schema.build()).writeValueAsString(text);
        } catch (Exception e) {
            throw new IllegalStateException("Cannot write CSV", e);
        }
    }

    /**
     * A value as a CSV cell. Text that starts with {@code =}, {@code +}, {@code -}, {@code @}, a tab or a
     * carriage return is what Excel, LibreOffice and Google Sheets execute as a formula (a customer id
     * {@code =HYPERLINK(...)}, say): it gets a leading {@code '}, as OWASP recommends for CSV injection, so
     * the sheet shows it as text. Numbers are left alone ({@code -3} stays a number).
     */
    static String cell(Object value) {
        if (value == null) {
            return "";
        }
        String text = value.toString();
        if (value instanceof Number || text.isEmpty()) {
            return text;
        }
        char first = text.charAt(0);
        return first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r'
                ? "'" + text : text;
    }

    /** Values as JSON and CSV show them: ISO dates, instants and durations ({@code PT1H}), plain numbers. */
    private static Object plain(Object value) {
        if (value instanceof OffsetDateTime t) {
            return t.toInstant().toString();
        }
        if (value instanceof LocalDate d) {
            return d.toString();
        }
        if (value instanceof io.vertx.sqlclient.data.Numeric n) {
            value = n.bigDecimalValue();
        }
        if (value instanceof BigDecimal b) {
            return b.stripTrailingZeros().scale() <= 0 ? b.toBigInteger() : b;
        }
        if (value instanceof io.vertx.pgclient.data.Interval interval) {
            return interval.toDuration().toString();
        }
        if (value instanceof io.vertx.core.json.JsonObject json) {
            return json.getMap();
        }
        return value;
    }
}
