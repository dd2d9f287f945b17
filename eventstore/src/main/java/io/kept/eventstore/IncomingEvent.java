package io.kept.eventstore;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.cloudevents.CloudEvent;
import io.cloudevents.kafka.KafkaMessageFactory;
import io.kept.events.EventJson;
import io.kept.events.EventPayload;
import io.kept.events.EventType;
import io.smallrye.reactive.messaging.ce.IncomingCloudEventMetadata;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * A Kept CloudEvent read from a Kafka record: its type, its id (a UUID, the key of idempotent
 * consumption), its business time and its JSON data. Read from SmallRye's CloudEvents metadata,
 * never from hand-parsed headers.
 */
public record IncomingEvent(EventType type, UUID eventId, Optional<Instant> time, String data) {

    /** Reads the record; a record that is not a Kept CloudEvent is a PoisonRecordException saying why. */
    public static IncomingEvent of(Message<String> message) {
        IncomingCloudEventMetadata<?> ce = message.getMetadata(IncomingCloudEventMetadata.class)
                .orElseThrow(() -> PoisonRecordException.unreadable("not a CloudEvent (no ce_ headers)"));
        Optional<String> topic = message.getMetadata(IncomingKafkaRecordMetadata.class).map(IncomingKafkaRecordMetadata::getTopic);
        return of(ce.getType(), ce.getId(), ce.getTimeStamp().map(t -> t.toInstant()), message.getPayload(),
                String.valueOf(ce.getSource()), topic);
    }

    /**
     * Reads a Kafka record directly, for readers outside a SmallRye channel (a replay); the
     * CloudEvents SDK's Kafka binding reads the headers. Not a Kept CloudEvent: an
     * PoisonRecordException saying why.
     */
    public static IncomingEvent of(ConsumerRecord<?, byte[]> record) {
        CloudEvent ce;
        try {
            ce = KafkaMessageFactory.createReader(record).toEvent();
        } catch (RuntimeException e) {
            throw PoisonRecordException.unreadable("not a CloudEvent: " + e.getMessage(), e);
        }
        String data = ce.getData() == null ? null : new String(ce.getData().toBytes(), StandardCharsets.UTF_8);
        return of(ce.getType(), ce.getId(), Optional.ofNullable(ce.getTime()).map(t -> t.toInstant()), data,
                String.valueOf(ce.getSource()), Optional.of(record.topic()));
    }

    /**
     * Only the service that owns a topic publishes to it: a record whose type is not of the topic it was read from,
     * or whose {@code source} is not the type's owner, is refused (and so dead-lettered), whatever its data says.
     */
    private static IncomingEvent of(String typeName, String id, Optional<Instant> time, String data, String source,
            Optional<String> topic) {
        EventType type = EventType.fromType(typeName)
                .orElseThrow(() -> PoisonRecordException.unreadable("unknown event type " + typeName));
        if (topic.isPresent() && !topic.get().equals(type.topic())) {
            throw PoisonRecordException.refused(type.type() + " belongs on " + type.topic() + ", not on " + topic.get());
        }
        if (!type.source().equals(source)) {
            throw PoisonRecordException.refused("source " + source + " may not publish " + type.type() + "; only "
                    + type.source() + " does");
        }
        UUID eventId;
        try {
            eventId = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw PoisonRecordException.unreadable("event id " + id + " is not a UUID");
        }
        return new IncomingEvent(type, eventId, time, data);
    }

    /** The data as its payload record; data that does not read is a PoisonRecordException saying why. */
    public EventPayload payload() {
        return payload(type.payloadClass());
    }

    public <T> T payload(Class<T> payloadClass) {
        try {
            return EventJson.mapper().readValue(data, payloadClass);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw PoisonRecordException.unreadable("data is not a valid " + type.type() + ": " + e.getMessage(), e);
        }
    }
}
