package io.kept.eventstore;

import io.vertx.pgclient.PgException;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;

/** Small conversions between SQL values and Java ones, shared by the store's queries. */
final class Sql {

    private Sql() {
    }

    /** A schema name from configuration, checked before it is put into SQL text. */
    static String schema(String name) {
        if (name == null || !name.matches("[a-z_][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("kept.eventstore.schema must be a plain lower-case identifier, got: " + name);
        }
        return name;
    }

    static OffsetDateTime timestamp(Instant instant) {
        return SqlTime.timestamp(instant);
    }

    static Instant instant(Object value) {
        return SqlTime.instant(value);
    }



    /** The SQLSTATE behind a failure, whichever client (the reactive one or JDBC) raised it. */
    static Optional<String> sqlState(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof PgException pg && pg.getSqlState() != null) {
                return Optional.of(pg.getSqlState());
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                return Optional.of(sql.getSQLState());
            }
        }
        return Optional.empty();
    }

    static boolean isUniqueViolation(Throwable failure) {
        return sqlState(failure).filter("23505"::equals).isPresent();
    }
}
