package io.kept.eventstore;

import java.util.List;

/**
 * What an append did.
 *
 * @param version the stream's version after the append
 * @param events the events as stored (for a duplicate: as stored the first time)
 * @param duplicate true when every event id had been appended before and nothing was written
 */
public record AppendResult(StreamId stream, int version, List<StoredEvent> events, boolean duplicate) {
}
