package io.kept.eventstore;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.kept.events.EventJson;
import io.kept.events.EventPayload;
import io.kept.events.EventType;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.ce.IncomingCloudEventMetadata;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * A Kept CloudEvent read from a Kafka record: its type, its id (a UUID, the key of idempotent
 * consumption), its business time and its JSON data. Read from SmallRye's CloudEvents metadata,
 * never from hand-parsed headers.
 */
public record IncomingEvent(EventType type, UUID eventId, Optional<Instant> time, String data) {

    /** Reads the record; a record that is not a Kept CloudEvent is an IllegalArgumentException saying why. */
    public static IncomingEvent of(Message<String> message) {
        IncomingCloudEventMetadata<?> ce = message.getMetadata(IncomingCloudEventMetadata.class)
                .orElseThrow(() -> new IllegalArgumentException("not a CloudEvent (no ce_ headers)"));
        EventType type = EventType.fromType(ce.getType())
                .orElseThrow(() -> new IllegalArgumentException("unknown event type " + ce.getType()));
        UUID eventId;
        try {
            eventId = UUID.fromString(ce.getId());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("event id " + ce.getId() + " is not a UUID");
        }
        return new IncomingEvent(type, eventId, ce.getTimeStamp().map(t -> t.toInstant()), message.getPayload());
    }

    /** The data as its payload record; data that does not read is an IllegalArgumentException saying why. */
    public EventPayload payload() {
        return payload(type.payloadClass());
    }

    public <T> T payload(Class<T> payloadClass) {
        try {
            return EventJson.mapper().readValue(data, payloadClass);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new IllegalArgumentException("data is not a valid " + type.type() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Handles one record: acknowledges it when {@code handler} succeeds, and otherwise nacks it
     * with the failure, which the channel's dead-letter-queue strategy turns into a DLQ record
     * carrying the reason, so the consumer goes on.
     */
    public static Uni<Void> consume(Message<String> message, Function<IncomingEvent, Uni<?>> handler) {
        return Uni.createFrom().deferred(() -> handler.apply(of(message)))
                .onItemOrFailure().transformToUni((ignored, failure) -> {
                    if (failure == null) {
                        return Uni.createFrom().completionStage(message.ack());
                    }
                    Log.warnf("Sending a record to the dead letter topic: %s", failure.getMessage());
                    return Uni.createFrom().completionStage(message.nack(failure));
                });
    }
}
