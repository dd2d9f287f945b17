package io.kept.eventstore;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.kept.events.EventJson;
import io.kept.events.EventPayload;
import io.kept.events.EventType;
import java.time.Instant;
import java.util.UUID;

/**
 * An event as the store holds it.
 *
 * @param position global order of recording within this service's store
 * @param version the event's number within its stream, from 1
 * @param data the payload as JSON text
 */
public record StoredEvent(long position, StreamId stream, int version, UUID eventId, EventType type,
        Instant occurredAt, Instant recordedAt, String data, String metadata) {

    /** The payload as its record. */
    public EventPayload payload() {
        try {
            return EventJson.mapper().readValue(data, type.payloadClass());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored event " + eventId + " does not read as " + type.type(), e);
        }
    }
}
