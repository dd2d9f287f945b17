package io.kept.analytics.listener;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.kept.analytics.projection.Projections;
import io.kept.events.EventJson;
import io.kept.events.EventPayload;
import io.kept.events.EventType;
import io.kept.eventstore.IdempotentConsumer;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.ce.IncomingCloudEventMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Projects all three topics. Each event's id is recorded in the same transaction as its
 * projection change, so a redelivery or replay changes no number; a record that cannot be
 * projected goes to its topic's DLQ with the reason and the consumer goes on.
 */
@ApplicationScoped
public class ProjectionListener {

    private final IdempotentConsumer consumer;
    private final Projections projections;
    private final Clock clock;

    public ProjectionListener(IdempotentConsumer consumer, Projections projections, Clock clock) {
        this.consumer = consumer;
        this.projections = projections;
        this.clock = clock;
    }

    @Incoming("promise-events")
    public Uni<Void> promiseEvents(Message<String> message) {
        return project("analytics/promise-events", message);
    }

    @Incoming("recovery-events")
    public Uni<Void> recoveryEvents(Message<String> message) {
        return project("analytics/recovery-events", message);
    }

    @Incoming("followup-events")
    public Uni<Void> followupEvents(Message<String> message) {
        return project("analytics/followup-events", message);
    }

    private Uni<Void> project(String name, Message<String> message) {
        return Uni.createFrom().deferred(() -> handle(name, message))
                .onItemOrFailure().transformToUni((ignored, failure) -> {
                    if (failure == null) {
                        return Uni.createFrom().completionStage(message.ack());
                    }
                    Log.warnf("Sending an event to the dead letter topic (%s): %s", name, failure.getMessage());
                    return Uni.createFrom().completionStage(message.nack(failure));
                });
    }

    private Uni<Void> handle(String name, Message<String> message) {
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
        EventPayload payload;
        try {
            payload = EventJson.mapper().readValue(message.getPayload(), type.payloadClass());
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new IllegalArgumentException("data is not a valid " + type.type() + ": " + e.getMessage(), e);
        }
        Instant at = ce.getTimeStamp().map(t -> t.toInstant()).orElseGet(clock::instant);
        String topic = type.topic();
        return consumer.once(name, eventId, () -> projections.apply(eventId, type.type(), payload, at)
                        .chain(() -> projections.watermark(topic, at, clock.instant())))
                .replaceWithVoid();
    }
}
