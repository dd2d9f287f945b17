package io.kept.followup;

import static io.kept.testkit.Api.given;

import io.kept.events.EventJson;
import io.kept.events.EventPayload;
import io.kept.events.EventType;
import io.kept.events.StreamKind;
import io.kept.events.Topics;
import io.kept.events.followup.FollowUpKind;
import io.kept.events.promise.Severity;
import io.kept.events.recovery.Compensation;
import io.kept.events.recovery.CompensationKind;
import io.kept.events.recovery.RecoveryOpened;
import io.kept.events.recovery.RecoveryResolved;
import io.kept.eventstore.StoredEvent;
import io.kept.eventstore.StreamId;
import io.kept.eventstore.outbox.CloudEventRecords;
import io.kept.followup.domain.FollowUpPolicy;
import io.kept.testkit.FamilyTopics;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.awaitility.Awaitility;

/** Publishes recovery events as recovery-service's relay does, and reads what followup-service publishes. */
public final class FollowUpTestSupport {

    public static final String TOPICS = Topics.RECOVERY_EVENTS + "," + Topics.RECOVERY_EVENTS + ".dlq,"
            + Topics.FOLLOWUP_EVENTS;
    public static final Instant RESOLVED = Instant.parse("2026-03-02T10:00:00Z");

    private FollowUpTestSupport() {
    }

    public static RecoveryOpened opened(String recoveryId, String customerId) {
        return new RecoveryOpened(recoveryId, "p-" + recoveryId, customerId, "g-1", Severity.MAJOR, 0, true,
                RESOLVED.minus(Duration.ofHours(3)), RESOLVED.minus(Duration.ofHours(2)), RESOLVED.plus(Duration.ofDays(1)));
    }

    public static RecoveryResolved resolved(String recoveryId) {
        return new RecoveryResolved(recoveryId, RESOLVED, "re-delivered",
                new Compensation(CompensationKind.CREDIT, new BigDecimal("10.00"), "EUR"), null, null, true, null);
    }

    public static ProducerRecord<String, byte[]> record(EventPayload payload, String recoveryId) {
        return record(payload, recoveryId, UUID.randomUUID());
    }

    public static ProducerRecord<String, byte[]> record(EventPayload payload, String recoveryId, UUID eventId) {
        try {
            StoredEvent event = new StoredEvent(0, StreamId.of(StreamKind.RECOVERY, recoveryId), 1, eventId,
                    EventType.of(payload), RESOLVED, RESOLVED, EventJson.mapper().writeValueAsString(payload), "{}");
            return CloudEventRecords.toRecord(event);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Publishes a recovery opened and resolved for the customer; answers the recovery id once its follow-ups exist. */
    public static String resolvedRecovery(String customerId) {
        String recoveryId = UUID.randomUUID().toString();
        FamilyTopics.publish(record(opened(recoveryId, customerId), recoveryId), record(resolved(recoveryId), recoveryId));
        String check = FollowUpPolicy.followUpId(recoveryId, FollowUpKind.CHECK_IN);
        Awaitility.await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> given().get("/followups/" + check).then().statusCode(200));
        return recoveryId;
    }

    /** The follow-up events with this key, once at least {@code count} arrived (or after the timeout). */
    public static List<ConsumerRecord<String, byte[]>> followUpEvents(String key, int count) {
        return FamilyTopics.keyed(Topics.FOLLOWUP_EVENTS, key, count);
    }
}
