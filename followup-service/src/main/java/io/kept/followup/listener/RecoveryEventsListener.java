package io.kept.followup.listener;

import io.kept.events.EventType;
import io.kept.events.recovery.RecoveryAbandoned;
import io.kept.events.recovery.RecoveryOpened;
import io.kept.events.recovery.RecoveryResolved;
import io.kept.eventstore.Consumption;
import io.kept.eventstore.IdempotentConsumer;
import io.kept.eventstore.IncomingEvent;
import io.kept.eventstore.deadletter.Redrivable;
import io.kept.followup.service.FollowUps;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.EnumSet;
import java.util.Set;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Consumes {@code kept.recovery-events}: remembers whom each recovery is for and schedules
 * follow-ups when one is resolved or abandoned. A poll at a time, in one transaction; each event is
 * handled once (its id is recorded in that transaction); a poll holding a record that cannot be
 * handled is handled again one record at a time, that record goes to
 * {@code kept.recovery-events.dlq} with the reason and the consumer goes on.
 */
@ApplicationScoped
public class RecoveryEventsListener implements Redrivable {

    public static final String CHANNEL = "recovery-events";
    public static final String CONSUMER = "followup-service/recovery-events";
    private static final Set<EventType> HANDLED =
            EnumSet.of(EventType.RECOVERY_OPENED, EventType.RECOVERY_RESOLVED, EventType.RECOVERY_ABANDONED);

    private final Consumption consumption;
    private final IdempotentConsumer consumer;
    private final FollowUps followUps;

    public RecoveryEventsListener(Consumption consumption, IdempotentConsumer consumer, FollowUps followUps) {
        this.consumption = consumption;
        this.consumer = consumer;
        this.followUps = followUps;
    }

    @Incoming(CHANNEL)
    public Uni<Void> consume(KafkaRecordBatch<String, String> poll) {
        return consumption.consumeBatch(CHANNEL, poll, events -> consumer.eachNew(CONSUMER,
                events.stream().filter(e -> HANDLED.contains(e.type())).toList(), this::apply), this::handle);
    }

    @Override
    public Set<String> channels() {
        return Set.of(CHANNEL);
    }

    @Override
    public Uni<?> redrive(String channel, IncomingEvent event) {
        return handle(event);
    }

    private Uni<Void> handle(IncomingEvent event) {
        if (!HANDLED.contains(event.type())) {
            // acknowledged, diagnosed, escalated, withdrawn: nothing to do, so nothing to record either.
            return Uni.createFrom().voidItem();
        }
        return consumer.once(CONSUMER, event.eventId(), () -> apply(event)).replaceWithVoid();
    }

    private Uni<Void> apply(IncomingEvent event) {
        return switch (event.type()) {
            case RECOVERY_OPENED -> followUps.recoveryOpened(event.payload(RecoveryOpened.class));
            case RECOVERY_RESOLVED -> followUps.recoveryResolved(event.payload(RecoveryResolved.class));
            case RECOVERY_ABANDONED -> followUps.recoveryAbandoned(event.payload(RecoveryAbandoned.class));
            default -> Uni.createFrom().voidItem();
        };
    }
}
