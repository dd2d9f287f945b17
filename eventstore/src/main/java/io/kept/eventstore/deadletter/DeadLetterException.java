package io.kept.eventstore.deadletter;

/**
 * The failure a consumer dead-letters a record with: its message, which becomes the record's
 * {@code dead-letter-reason} header, starts with the service that could not apply it.
 */
public class DeadLetterException extends RuntimeException {

    public DeadLetterException(String service, Throwable cause) {
        super(prefix(service) + (cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage()), cause);
    }

    static String prefix(String service) {
        return "[" + service + "] ";
    }
}
