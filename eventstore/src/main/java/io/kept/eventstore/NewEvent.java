package io.kept.eventstore;

import io.kept.events.EventPayload;
import io.kept.events.EventType;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * An event about to be appended.
 *
 * @param eventId never changes once written; a retry with the same id appends nothing
 * @param occurredAt when it happened in the business (client supplied or now)
 * @param metadata free-form context (correlation id, causation id, actor); never business data
 */
public record NewEvent(UUID eventId, EventPayload payload, Instant occurredAt, Map<String, String> metadata) {

    public NewEvent {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(occurredAt, "occurredAt");
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }

    public static NewEvent of(EventPayload payload, Instant occurredAt) {
        return new NewEvent(UUID.randomUUID(), payload, occurredAt, Map.of());
    }

    public EventType type() {
        return EventType.of(payload.getClass());
    }
}
