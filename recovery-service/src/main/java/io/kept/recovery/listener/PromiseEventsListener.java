package io.kept.recovery.listener;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.kept.events.EventJson;
import io.kept.events.EventType;
import io.kept.events.StreamKind;
import io.kept.events.promise.PromiseBreachRetracted;
import io.kept.events.promise.PromiseBroken;
import io.kept.events.promise.PromiseMade;
import io.kept.eventstore.IdempotentConsumer;
import io.kept.recovery.service.Recoveries;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.ce.IncomingCloudEventMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Consumes {@code kept.promise-events}: remembers who each promise was made to, opens exactly one
 * recovery per broken promise and withdraws it when the breach is retracted. Each event is
 * handled once (its id is recorded in the same transaction); a record that is not a Kept
 * CloudEvent, or cannot be applied, goes to {@code kept.promise-events.dlq} with the reason and
 * the consumer goes on.
 */
@ApplicationScoped
public class PromiseEventsListener {

    public static final String CHANNEL = "promise-events";
    public static final String CONSUMER = "recovery-service/promise-events";

    private final IdempotentConsumer consumer;
    private final Recoveries recoveries;

    public PromiseEventsListener(IdempotentConsumer consumer, Recoveries recoveries) {
        this.consumer = consumer;
        this.recoveries = recoveries;
    }

    @Incoming(CHANNEL)
    public Uni<Void> consume(Message<String> message) {
        return Uni.createFrom().deferred(() -> handle(message))
                .onItemOrFailure().transformToUni((ignored, failure) -> {
                    if (failure == null) {
                        return Uni.createFrom().completionStage(message.ack());
                    }
                    Log.warnf("Sending a promise event to the dead letter topic: %s", failure.getMessage());
                    return Uni.createFrom().completionStage(message.nack(failure));
                });
    }

    private Uni<Void> handle(Message<String> message) {
        IncomingCloudEventMetadata<?> ce = message.getMetadata(IncomingCloudEventMetadata.class)
                .orElseThrow(() -> new IllegalArgumentException("not a CloudEvent (no ce_ headers)"));
        EventType type = EventType.fromType(ce.getType())
                .orElseThrow(() -> new IllegalArgumentException("unknown event type " + ce.getType()));
        if (type.stream() != StreamKind.PROMISE) {
            return Uni.createFrom().voidItem();
        }
        UUID eventId;
        try {
            eventId = UUID.fromString(ce.getId());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("event id " + ce.getId() + " is not a UUID");
        }
        List<Recoveries.Outcome> outcomes = new ArrayList<>();
        return consumer.once(CONSUMER, eventId, () -> switch (type) {
            case PROMISE_MADE -> recoveries.promiseMade(read(message, PromiseMade.class));
            case PROMISE_BROKEN -> recoveries.promiseBroken(read(message, PromiseBroken.class)).invoke(outcomes::add);
            case PROMISE_BREACH_RETRACTED -> {
                PromiseBreachRetracted retracted = read(message, PromiseBreachRetracted.class);
                yield recoveries.breachRetracted(retracted.promiseId(), retracted.retractedAt(),
                        "breach retracted: " + retracted.reason());
            }
            default -> Uni.createFrom().voidItem();
        }).invoke(() -> outcomes.forEach(recoveries::measure)).replaceWithVoid();
    }

    private static <T> T read(Message<String> message, Class<T> type) {
        try {
            return EventJson.mapper().readValue(message.getPayload(), type);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new IllegalArgumentException("data is not a valid " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }
}
