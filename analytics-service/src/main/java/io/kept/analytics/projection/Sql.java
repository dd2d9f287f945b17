package io.kept.analytics.projection;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A statement written once for both SQL clients Kept uses: the live consumers run it through the reactive client,
 * which numbers its parameters ({@code $1}, {@code $2}, …), a rebuild through JDBC, which places them ({@code ?}).
 * The text is a function of how a parameter is written ({@code p -> "… WHERE id = " + p.at(1)}), so each client's
 * form is written from it rather than one form rewritten into the other by a pattern, which would also rewrite a
 * {@code $1} inside a string literal.
 */
public final class Sql {

    /** The statement's text, given how to write its {@code n}-th parameter. */
    @FunctionalInterface
    public interface Text {
        String of(Params p);
    }

    /** How a parameter is written in the client's style. */
    @FunctionalInterface
    public interface Params {
        /** The {@code n}-th parameter (from 1). */
        String at(int n);

        /** Parameters {@code from} to {@code to}, comma-separated, as a VALUES list names them. */
        default String list(int from, int to) {
            List<String> each = new ArrayList<>(to - from + 1);
            for (int n = from; n <= to; n++) {
                each.add(at(n));
            }
            return String.join(", ", each);
        }
    }

    /**
     * The JDBC form: the text with {@code ?} for each parameter, and which parameter (from 1) each {@code ?} binds, in
     * order; a parameter named twice is bound twice.
     */
    public record Jdbc(String sql, int[] order) {

        /** The values to bind, in the order of the {@code ?}s, from the parameters by number. */
        public List<Object> bind(List<Object> params) {
            List<Object> bound = new ArrayList<>(order.length);
            for (int n : order) {
                bound.add(params.get(n - 1));
            }
            return bound;
        }
    }

    private final Text text;
    private final String numbered;

    private Sql(Text text) {
        this.text = text;
        this.numbered = text.of(n -> "$" + n);
    }

    public static Sql of(Text text) {
        return new Sql(Objects.requireNonNull(text, "text"));
    }

    /** The reactive client's form ({@code $1}, …); also what tells two statements apart. */
    public String numbered() {
        return numbered;
    }

    /** The JDBC form, written from the same text. */
    public Jdbc jdbc() {
        List<Integer> order = new ArrayList<>();
        String sql = text.of(n -> {
            order.add(n);
            return "?";
        });
        return new Jdbc(sql, order.stream().mapToInt(Integer::intValue).toArray());
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Sql sql && sql.numbered.equals(numbered);
    }

    @Override
    public int hashCode() {
        return numbered.hashCode();
    }

    @Override
    public String toString() {
        return numbered;
    }
}
