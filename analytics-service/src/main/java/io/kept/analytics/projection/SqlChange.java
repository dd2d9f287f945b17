package io.kept.analytics.projection;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One SQL statement of a projection with its ordinal parameters ({@code ?1}, {@code ?2}, …). The
 * projections only say what to change; the live consumer runs the changes through Hibernate
 * Reactive, a rebuild through JDBC.
 */
public record SqlChange(String sql, List<Object> params) {

    private static final Pattern ORDINAL = Pattern.compile("\\?(\\d+)");

    public static SqlChange of(String sql, Object... params) {
        return new SqlChange(sql, Arrays.asList(params));
    }

    /** The JDBC form: every {@code ?N} becomes {@code ?}, with the parameters in the order they appear. */
    public SqlChange positional() {
        Matcher m = ORDINAL.matcher(sql);
        StringBuilder out = new StringBuilder();
        List<Object> ordered = new ArrayList<>();
        while (m.find()) {
            ordered.add(params.get(Integer.parseInt(m.group(1)) - 1));
            m.appendReplacement(out, "?");
        }
        m.appendTail(out);
        return new SqlChange(out.toString(), ordered);
    }
}
