package io.kept.eventstore.error;

import io.kept.eventstore.ExpectedVersion;
import io.kept.eventstore.StreamId;
import io.smallrye.mutiny.Uni;

/** Another writer changed the stream first; the client may reload and retry. */
public class ConcurrencyConflictException extends KeptException {

    /** How often a command is decided again on the fresh state before the conflict reaches the caller. */
    public static final int RETRIES = 4;

    /**
     * Runs the command again, on a fresh load, when another writer got to its stream first: the
     * caller then gets the decision on the newer state (often a clear domain answer) instead of
     * a conflict it can do nothing about. The retry resubscribes on the same thread, so a
     * unit of work inside stays on its Vert.x context, where it keeps its connection.
     */
    public static <T> Uni<T> retried(Uni<T> command) {
        return command.onFailure(ConcurrencyConflictException.class).retry().atMost(RETRIES);
    }

    public ConcurrencyConflictException(StreamId stream, ExpectedVersion expected, Integer actual) {
        super(409, "concurrency-conflict", "Concurrent modification",
                actual == null
                        ? stream + " was changed by another writer while this one was being written; retry"
                        : stream + " is at version " + actual + ", expected " + expected + "; reload and retry",
                null);
    }
}
