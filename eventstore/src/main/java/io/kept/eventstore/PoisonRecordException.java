package io.kept.eventstore;

/**
 * A consumed record proven poison: it cannot be read ({@link #unreadable}: not a Kept CloudEvent, an id that is not a
 * UUID, data that is not its type's JSON), or the consumer's domain refuses it for good ({@link #refused}: a breach of
 * a promise whose promise.made was never seen). Only these, and a {@link io.kept.eventstore.domain.DomainException},
 * send a record to its dead-letter topic ({@link Poison}); every other failure is tried again.
 *
 * <p>An {@link IllegalArgumentException}, as the record's readers have always thrown.
 */
public final class PoisonRecordException extends IllegalArgumentException {

    private PoisonRecordException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The record does not read as a Kept event; {@code why} says what is wrong with it. */
    public static PoisonRecordException unreadable(String why) {
        return new PoisonRecordException(why, null);
    }

    /** The record does not read as a Kept event, because of {@code cause}. */
    public static PoisonRecordException unreadable(String why, Throwable cause) {
        return new PoisonRecordException(why, cause);
    }

    /** The record reads, but the consumer can never apply it; {@code why} says why, in an operator's words. */
    public static PoisonRecordException refused(String why) {
        return new PoisonRecordException(why, null);
    }
}
