package io.kept.eventstore.error;

import io.kept.eventstore.ExpectedVersion;
import io.kept.eventstore.StreamId;

/** Another writer changed the stream first; the client may reload and retry. */
public class ConcurrencyConflictException extends KeptException {

    public ConcurrencyConflictException(StreamId stream, ExpectedVersion expected, Integer actual) {
        super(409, "concurrency-conflict", "Concurrent modification",
                actual == null
                        ? stream + " was changed by another writer while this one was being written; retry"
                        : stream + " is at version " + actual + ", expected " + expected + "; reload and retry",
                null);
    }
}
