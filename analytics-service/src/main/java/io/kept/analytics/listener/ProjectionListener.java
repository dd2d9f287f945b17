package io.kept.analytics.listener;

import io.kept.analytics.projection.Projections;
import io.kept.analytics.projection.ProjectedEvent;
import io.kept.events.Topics;
import io.kept.eventstore.Consumption;
import io.kept.eventstore.IdempotentConsumer;
import io.kept.eventstore.IncomingEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Projects all three topics. Each event's id is recorded in the same transaction as its
 * projection change, so a redelivery or replay changes no number. A transient failure (the
 * database away) is tried again on the same record ({@link Consumption}); a record that can never
 * be projected goes to its topic's DLQ with the reason and the consumer goes on.
 */
@ApplicationScoped
public class ProjectionListener {

    private final Consumption consumption;
    private final IdempotentConsumer consumer;
    private final Projections projections;
    private final Clock clock;

    public ProjectionListener(Consumption consumption, IdempotentConsumer consumer, Projections projections, Clock clock) {
        this.consumption = consumption;
        this.consumer = consumer;
        this.projections = projections;
        this.clock = clock;
    }

    @Incoming("promise-events")
    public Uni<Void> promiseEvents(Message<String> message) {
        return project("promise-events", consumerOf(Topics.PROMISE_EVENTS), message);
    }

    @Incoming("recovery-events")
    public Uni<Void> recoveryEvents(Message<String> message) {
        return project("recovery-events", consumerOf(Topics.RECOVERY_EVENTS), message);
    }

    @Incoming("followup-events")
    public Uni<Void> followupEvents(Message<String> message) {
        return project("followup-events", consumerOf(Topics.FOLLOWUP_EVENTS), message);
    }

    private Uni<Void> project(String channel, String name, Message<String> message) {
        return consumption.consume(channel, message, event -> {
            ProjectedEvent projected = new ProjectedEvent(event.eventId(), event.type().type(), event.payload(),
                    event.time().orElseGet(clock::instant));
            return consumer.once(name, event.eventId(),
                    () -> projections.apply(projected, event.type().topic(), clock.instant()));
        });
    }

    /** The consumer name under which each topic's events are recorded as consumed. */
    public static String consumerOf(String topic) {
        return "analytics/" + topic.substring(topic.indexOf('.') + 1);
    }
}
