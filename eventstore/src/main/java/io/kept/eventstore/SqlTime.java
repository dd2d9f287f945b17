package io.kept.eventstore;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Instants to and from what the reactive PostgreSQL client binds and returns for
 * {@code timestamptz}, for services writing their read models with native SQL.
 */
public final class SqlTime {

    private SqlTime() {
    }

    /** The bind value for an instant; null stays null. */
    public static OffsetDateTime timestamp(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    /** An instant from a timestamp column value; null stays null. */
    public static Instant instant(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Instant i) {
            return i;
        }
        if (value instanceof OffsetDateTime o) {
            return o.toInstant();
        }
        if (value instanceof LocalDateTime l) {
            return l.toInstant(ZoneOffset.UTC);
        }
        if (value instanceof java.sql.Timestamp t) {
            return t.toInstant();
        }
        throw new IllegalStateException("Not a timestamp: " + value);
    }

    /**
     * The whole days of a duration, bound with {@link #intervalSeconds} as {@code make_interval(days => $n, secs => $m)},
     * so that PostgreSQL keeps 90 days as {@code 90 days} rather than {@code 2160:00:00}; null stays null.
     */
    public static Integer intervalDays(Duration duration) {
        return duration == null ? null : (int) duration.toDays();
    }

    /** What a duration holds beyond its whole days, in seconds (see {@link #intervalDays}); null stays null. */
    public static Double intervalSeconds(Duration duration) {
        return duration == null ? null : duration.minusDays(duration.toDays()).toNanos() / 1e9;
    }
}
