package io.kept.eventstore;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
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
 * @param decoded the payload as its record when the writer still has it (just appended), else null and read from
 *     {@code data} when asked
 */
public record StoredEvent(long position, StreamId stream, int version, UUID eventId, EventType type,
        Instant occurredAt, Instant recordedAt, String data, String metadata, EventPayload decoded) {

    /** An event read back from the store or a record: its payload is read from {@code data} when asked. */
    public StoredEvent(long position, StreamId stream, int version, UUID eventId, EventType type, Instant occurredAt,
            Instant recordedAt, String data, String metadata) {
        this(position, stream, version, eventId, type, occurredAt, recordedAt, data, metadata, null);
    }

    /** The payload as its record. */
    public EventPayload payload() {
        if (decoded != null) {
            return decoded;
        }
        try {
            return EventJson.mapper().readValue(data, type.payloadClass());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored event " + eventId + " does not read as " + type.type(), e);
        }
    }

    /** The payload as a JSON tree, as the services show it in a stream's history. */
    public JsonNode dataJson() {
        try {
            return EventJson.mapper().readTree(data);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored event " + eventId + " is not JSON", e);
        }
    }
}
