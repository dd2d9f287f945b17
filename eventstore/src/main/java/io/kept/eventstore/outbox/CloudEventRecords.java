package io.kept.eventstore.outbox;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.kafka.KafkaMessageFactory;
import io.kept.eventstore.StoredEvent;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * A stored event as a Kafka record in CloudEvents binary content mode: {@code ce_*} headers,
 * JSON data, record key = subject = stream id. Built with the CloudEvents SDK, not by hand.
 */
public final class CloudEventRecords {

    /** CloudEvents extension carrying the event's version within its stream. */
    public static final String STREAM_VERSION = "streamversion";

    private CloudEventRecords() {
    }

    public static CloudEvent toCloudEvent(StoredEvent event) {
        return CloudEventBuilder.v1()
                .withId(event.eventId().toString())
                .withType(event.type().type())
                .withSource(URI.create(event.type().source()))
                .withSubject(event.stream().id())
                .withTime(event.occurredAt().atOffset(ZoneOffset.UTC))
                .withDataContentType("application/json")
                .withExtension(STREAM_VERSION, event.version())
                .withData(event.data().getBytes(StandardCharsets.UTF_8))
                .build();
    }

    public static ProducerRecord<String, byte[]> toRecord(StoredEvent event) {
        return KafkaMessageFactory
                .createWriter(event.type().topic(), null, null, event.stream().id())
                .writeBinary(toCloudEvent(event));
    }
}
