package io.kept.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.kept.events.EventJson;
import io.kept.events.EventPayload;
import io.kept.events.EventType;
import io.kept.events.StreamKind;
import io.kept.events.promise.PromiseKept;
import io.kept.events.promise.PromiseMade;
import io.kept.eventstore.StoredEvent;
import io.kept.eventstore.StreamId;
import io.kept.eventstore.outbox.CloudEventRecords;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;

/**
 * Kept records exactly as promise-service's outbox relay publishes them ({@link CloudEventRecords#toRecord}):
 * promise {@code i} is made (version 1) and kept in time (version 2). Only promise.made and promise.kept, so
 * recovery-service merely notes the promise and followup-service sees nothing.
 */
final class KeptRecords {

    private final String prefix;
    private final String guarantee;
    private final Instant madeAt;

    KeptRecords(String prefix, String guarantee, Instant madeAt) {
        this.prefix = prefix;
        this.guarantee = guarantee;
        this.madeAt = madeAt;
    }

    /** Record {@code n}: even = promise n/2 made, odd = promise n/2 kept. */
    ProducerRecord<String, byte[]> record(long n) {
        String id = prefix + (n / 2);
        Instant made = madeAt.plusMillis(n / 2);
        if (n % 2 == 0) {
            return toRecord(id, 1, new PromiseMade(id, guarantee, 1, "c-" + (n / 2) % 50_000, made,
                    made.plus(Duration.ofHours(4)), Duration.ofHours(4), "web", "bench", null, 0.8), made);
        }
        Instant kept = made.plus(Duration.ofHours(1));
        return toRecord(id, 2, new PromiseKept(id, kept, false), kept);
    }

    private static ProducerRecord<String, byte[]> toRecord(String id, int version, EventPayload payload, Instant at) {
        EventType type = EventType.of(payload);
        UUID eventId = UUID.nameUUIDFromBytes((id + "/" + version).getBytes(StandardCharsets.UTF_8));
        try {
            return CloudEventRecords.toRecord(new StoredEvent(0, StreamId.of(StreamKind.PROMISE, id), version, eventId,
                    type, at, at, EventJson.mapper().writeValueAsString(payload), "{}"));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Key + value + header bytes, as the broker stores them (before batch overhead). */
    static int size(ProducerRecord<String, byte[]> record) {
        int size = record.key().getBytes(StandardCharsets.UTF_8).length + record.value().length;
        for (Header header : record.headers()) {
            size += header.key().length() + header.value().length;
        }
        return size;
    }
}
