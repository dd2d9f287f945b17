package io.kept.followup.listener;

import io.kept.events.EventType;
import io.kept.events.recovery.RecoveryAbandoned;
import io.kept.events.recovery.RecoveryOpened;
import io.kept.events.recovery.RecoveryResolved;
import io.kept.eventstore.ChannelListener;
import io.kept.eventstore.Consumption;
import io.kept.eventstore.IdempotentConsumer;
import io.kept.eventstore.IncomingEvent;
import io.kept.followup.service.FollowUps;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.inject.Singleton;
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
@Singleton
public class RecoveryEventsListener extends ChannelListener<Void> {

    public static final String CHANNEL = "recovery-events";
    public static final String CONSUMER = "followup-service/recovery-events";
    /** Acknowledged, diagnosed, escalated and withdrawn touch nothing. */
    private static final Set<EventType> HANDLED =
            EnumSet.of(EventType.RECOVERY_OPENED, EventType.RECOVERY_RESOLVED, EventType.RECOVERY_ABANDONED);

    private final FollowUps followUps;

    public RecoveryEventsListener(Consumption consumption, IdempotentConsumer consumer, FollowUps followUps) {
        super(CHANNEL, CONSUMER, consumption, consumer);
        this.followUps = followUps;
    }

    @Incoming(CHANNEL)
    public Uni<Void> recoveryEvents(KafkaRecordBatch<String, String> poll) {
        return consume(poll);
    }

    @Override
    protected boolean needed(IncomingEvent event) {
        return HANDLED.contains(event.type());
    }

    @Override
    protected Uni<Void> apply(IncomingEvent event) {
        return switch (event.type()) {
            case RECOVERY_OPENED -> followUps.recoveryOpened(event.payload(RecoveryOpened.class));
            case RECOVERY_RESOLVED -> followUps.recoveryResolved(event.payload(RecoveryResolved.class));
            case RECOVERY_ABANDONED -> followUps.recoveryAbandoned(event.payload(RecoveryAbandoned.class));
            default -> Uni.createFrom().voidItem();
        };
    }
}
