package io.kept.eventstore;

import io.kept.events.StreamKind;
import java.util.Objects;

/** Identity of an event stream: its kind (promise, recovery, …) and its id within the kind. */
public record StreamId(StreamKind kind, String id) {

    public static final int MAX_ID_LENGTH = 200;

    public StreamId {
        Objects.requireNonNull(kind, "kind");
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("A stream id must not be blank");
        }
        if (id.length() > MAX_ID_LENGTH) {
            throw new IllegalArgumentException("A stream id is at most " + MAX_ID_LENGTH + " characters");
        }
    }

    public static StreamId of(StreamKind kind, String id) {
        return new StreamId(kind, id);
    }

    @Override
    public String toString() {
        return kind.prefix() + "/" + id;
    }
}
