package io.kept.followup.listener;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.kept.events.EventJson;
import io.kept.events.EventType;
import io.kept.events.StreamKind;
import io.kept.events.recovery.RecoveryAbandoned;
import io.kept.events.recovery.RecoveryOpened;
import io.kept.events.recovery.RecoveryResolved;
import io.kept.eventstore.IdempotentConsumer;
import io.kept.followup.service.FollowUps;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.ce.IncomingCloudEventMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Consumes {@code kept.recovery-events}: remembers whom each recovery is for and schedules
 * follow-ups when one is resolved or abandoned. Each event is handled once (its id is recorded
 * in the same transaction); a record that cannot be handled goes to
 * {@code kept.recovery-events.dlq} with the reason and the consumer goes on.
 */
@ApplicationScoped
public class RecoveryEventsListener {

    public static final String CONSUMER = "followup-service/recovery-events";

    private final IdempotentConsumer consumer;
    private final FollowUps followUps;

    public RecoveryEventsListener(IdempotentConsumer consumer, FollowUps followUps) {
        this.consumer = consumer;
        this.followUps = followUps;
    }

    @Incoming("recovery-events")
    public Uni<Void> consume(Message<String> message) {
        return Uni.createFrom().deferred(() -> handle(message))
                .onItemOrFailure().transformToUni((ignored, failure) -> {
                    if (failure == null) {
                        return Uni.createFrom().completionStage(message.ack());
                    }
                    Log.warnf("Sending a recovery event to the dead letter topic: %s", failure.getMessage());
                    return Uni.createFrom().completionStage(message.nack(failure));
                });
    }

    private Uni<Void> handle(Message<String> message) {
        IncomingCloudEventMetadata<?> ce = message.getMetadata(IncomingCloudEventMetadata.class)
                .orElseThrow(() -> new IllegalArgumentException("not a CloudEvent (no ce_ headers)"));
        EventType type = EventType.fromType(ce.getType())
                .orElseThrow(() -> new IllegalArgumentException("unknown event type " + ce.getType()));
        if (type.stream() != StreamKind.RECOVERY) {
            return Uni.createFrom().voidItem();
        }
        UUID eventId;
        try {
            eventId = UUID.fromString(ce.getId());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("event id " + ce.getId() + " is not a UUID");
        }
        return consumer.once(CONSUMER, eventId, () -> switch (type) {
            case RECOVERY_OPENED -> followUps.recoveryOpened(read(message, RecoveryOpened.class));
            case RECOVERY_RESOLVED -> followUps.recoveryResolved(read(message, RecoveryResolved.class));
            case RECOVERY_ABANDONED -> followUps.recoveryAbandoned(read(message, RecoveryAbandoned.class));
            default -> Uni.createFrom().voidItem();
        }).replaceWithVoid();
    }

    private static <T> T read(Message<String> message, Class<T> type) {
        try {
            return EventJson.mapper().readValue(message.getPayload(), type);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new IllegalArgumentException("data is not a valid " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }
}
