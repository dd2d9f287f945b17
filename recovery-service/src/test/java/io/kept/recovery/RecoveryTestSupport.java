package io.kept.recovery;

import io.kept.events.EventJson;
import io.kept.events.EventPayload;
import io.kept.events.EventType;
import io.kept.events.StreamKind;
import io.kept.events.Topics;
import io.kept.events.TrustBudget;
import io.kept.events.guarantee.GuaranteeDefined;
import io.kept.events.promise.BreachCause;
import io.kept.events.promise.FailureCategory;
import io.kept.events.promise.PromiseBroken;
import io.kept.events.promise.PromiseMade;
import io.kept.events.promise.Severity;
import io.kept.eventstore.StoredEvent;
import io.kept.eventstore.StreamId;
import io.kept.eventstore.outbox.CloudEventRecords;
import io.kept.testkit.FamilyTopics;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Publishes promise events exactly as promise-service's outbox relay does, and reads what recovery-service publishes. */
public final class RecoveryTestSupport {

    public static final String TOPICS = Topics.PROMISE_EVENTS + "," + Topics.PROMISE_EVENTS + ".dlq,"
            + Topics.RECOVERY_EVENTS;
    public static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");

    private RecoveryTestSupport() {
    }

    public static PromiseMade made(String promiseId, String customerId) {
        return made(promiseId, customerId, "g-1");
    }

    public static PromiseMade made(String promiseId, String customerId, String guaranteeId) {
        return new PromiseMade(promiseId, guaranteeId, 1, customerId, T0.minus(Duration.ofHours(4)), T0, Duration.ofHours(4),
                "web", "logistics", null, 0.8);
    }

    /** A 24x7 guarantee's definition; {@code trustBudget} null shares the configured budget. */
    public static GuaranteeDefined guarantee(String guaranteeId, TrustBudget trustBudget) {
        return new GuaranteeDefined(guaranteeId, "Same-day repair", "my machine is down", "Repaired today",
                Duration.ofHours(8), "24x7", 0.95, 0.8, 1, trustBudget);
    }

    public static PromiseBroken broken(String promiseId, Instant at, Severity severity, Boolean avoidable) {
        return new PromiseBroken(promiseId, at, BreachCause.REPORTED, FailureCategory.MISTAKE, severity, avoidable,
                "wrong parcel");
    }

    /** A promise event as a record on kept.promise-events, with a fresh event id. */
    public static ProducerRecord<String, byte[]> record(EventPayload payload, String promiseId, Instant at) {
        return record(payload, promiseId, at, UUID.randomUUID());
    }

    public static ProducerRecord<String, byte[]> record(EventPayload payload, String promiseId, Instant at, UUID eventId) {
        StoredEvent event = new StoredEvent(0, StreamId.of(StreamKind.PROMISE, promiseId), 1, eventId,
                EventType.of(payload), at, at, json(payload), "{}");
        return CloudEventRecords.toRecord(event);
    }

    /** The recovery events of one recovery, once at least {@code count} arrived (or after the timeout). */
    public static List<ConsumerRecord<String, byte[]>> recoveryEvents(String recoveryId, int count) {
        return FamilyTopics.keyed(Topics.RECOVERY_EVENTS, recoveryId, count);
    }

    private static String json(Object value) {
        try {
            return EventJson.mapper().writeValueAsString(value);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
