package io.kept.eventstore;

import io.vertx.pgclient.PgException;
import org.hibernate.exception.ConstraintViolationException;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.UUID;

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

    static UUID uuid(Object value) {
        return value instanceof UUID u ? u : UUID.fromString(value.toString());
    }

    static long number(Object value) {
        return ((Number) value).longValue();
    }

    /** The SQLSTATE behind a failure, whichever client (Vert.x or Hibernate's wrapper) raised it. */
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
        if (sqlState(failure).filter("23505"::equals).isPresent()) {
            return true;
        }
        // Hibernate Reactive reports the state only in the message of its wrapped exception.
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ConstraintViolationException || String.valueOf(t.getMessage()).contains("(23505)")) {
                return true;
            }
        }
        return false;
    }

    /** Whether the failure is a unique violation of the named constraint. */
    static boolean violates(Throwable failure, String constraint) {
        if (!isUniqueViolation(failure)) {
            return false;
        }
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ConstraintViolationException cve && constraint.equals(cve.getConstraintName())) {
                return true;
            }
            if (t instanceof PgException pg && constraint.equals(pg.getConstraint())) {
                return true;
            }
            if (String.valueOf(t.getMessage()).contains("\"" + constraint + "\"")) {
                return true;
            }
        }
        return false;
    }
}
