package io.kept.eventstore;

import com.fasterxml.jackson.core.JacksonException;
import io.kept.eventstore.domain.DomainException;
import java.util.Optional;

/**
 * Whether a consumed record is proven poison, the only records a consumer dead-letters. It is poison when it cannot be
 * read ({@link PoisonRecordException#unreadable}, or JSON that does not parse) or when the domain refuses it for good
 * ({@link PoisonRecordException#refused}, a {@link DomainException}). Anything else, however it looks (the database
 * refusing connections with any SQLSTATE, failing over, restarting, dropping a connection mid-transaction; a timeout;
 * a bug), is not proven to be the record's fault: the consumer tries it again with backoff and holds back the records
 * behind it, and says so in health and metrics. Deciding the other way round, from a list of known transient errors,
 * loses the records consumed during the first outage nobody listed (SQLSTATE 55000 did exactly that).
 */
public final class Poison {

    private Poison() {
    }

    public static boolean is(Throwable failure) {
        return reason(failure).isPresent();
    }

    /** Why the record that failed so is poison, or empty when it is not proven to be. */
    public static Optional<String> reason(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof PoisonRecordException || t instanceof DomainException) {
                return Optional.of(String.valueOf(t.getMessage()));
            }
            if (t instanceof JacksonException) {
                return Optional.of("not JSON: " + t.getMessage());
            }
        }
        return Optional.empty();
    }

    /** A failure as a health check or a log line names it: why it is transient if known, else its class and message. */
    public static String describe(Throwable failure) {
        return Transient.reason(failure).orElseGet(() -> failure.getClass().getSimpleName()
                + (failure.getMessage() == null ? "" : ": " + failure.getMessage()));
    }
}
