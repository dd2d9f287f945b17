package io.kept.analytics.listener;

import io.kept.analytics.projection.ProjectedEvent;
import io.kept.analytics.projection.ProjectionTables;
import io.kept.analytics.projection.Projections;
import io.kept.analytics.rebuild.RebuildJob;
import io.kept.events.Topics;
import io.kept.analytics.store.ChangeWriter;
import io.kept.eventstore.Consumption;
import io.kept.eventstore.EventStoreConfig;
import io.kept.eventstore.IdempotentConsumer;
import io.kept.eventstore.IncomingEvent;
import io.kept.eventstore.UnitOfWork;
import io.kept.eventstore.deadletter.Redrivable;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Projects all three topics, a poll at a time: the events of one poll are recorded as consumed and
 * projected in one transaction, with one watermark move, so a redelivery or replay changes no
 * number. A transient failure (the database away) is tried again on the same poll
 * ({@link Consumption#consumeBatch}); a poll holding a record that can never be projected is
 * projected again one record at a time, and only that record goes to its topic's DLQ with the
 * reason. While this replica rebuilds the projections, each poll waits for the rebuild to finish.
 */
@ApplicationScoped
public class ProjectionListener implements Redrivable {

    private final Consumption consumption;
    private final IdempotentConsumer consumer;
    private final Projections live;
    private final Clock clock;
    private final RebuildJob rebuild;

    public ProjectionListener(Consumption consumption, IdempotentConsumer consumer, EventStoreConfig config, Clock clock,
            RebuildJob rebuild) {
        this.rebuild = rebuild;
        this.consumption = consumption;
        this.consumer = consumer;
        this.live = new Projections(ProjectionTables.live(config.schema()));
        this.clock = clock;
    }

    @Incoming("promise-events")
    public Uni<Void> promiseEvents(KafkaRecordBatch<String, String> batch) {
        return project("promise-events", Topics.PROMISE_EVENTS, batch);
    }

    @Incoming("recovery-events")
    public Uni<Void> recoveryEvents(KafkaRecordBatch<String, String> batch) {
        return project("recovery-events", Topics.RECOVERY_EVENTS, batch);
    }

    @Incoming("followup-events")
    public Uni<Void> followupEvents(KafkaRecordBatch<String, String> batch) {
        return project("followup-events", Topics.FOLLOWUP_EVENTS, batch);
    }

    private Uni<Void> project(String channel, String topic, KafkaRecordBatch<String, String> batch) {
        String name = consumerOf(topic);
        return rebuild.finished().chain(() -> consumption.consumeBatch(channel, batch,
                events -> UnitOfWork.transaction(() -> consumer.newOnes(name, events).flatMap(fresh -> apply(
                        fresh.stream().map(this::projected).toList(), topic))),
                this::projectOne));
    }

    /** One event on its own, as a poll that failed together is handled, and as a dead letter is replayed. */
    private Uni<?> projectOne(IncomingEvent event) {
        return consumer.once(consumerOf(event.type().topic()), event.eventId(),
                () -> apply(List.of(projected(event)), event.type().topic()));
    }

    /**
     * Projects events of one topic into the live tables, in the caller's transaction: the rows end as if each change
     * ran after the one before, and the topic's watermark moves once for all of them.
     */
    private Uni<Void> apply(List<ProjectedEvent> events, String topic) {
        return ChangeWriter.live(live.changes(events, topic, clock.instant()));
    }

    @Override
    public Set<String> channels() {
        return Set.of("promise-events", "recovery-events", "followup-events");
    }

    @Override
    public Uni<?> redrive(String channel, IncomingEvent event) {
        return projectOne(event);
    }

    private ProjectedEvent projected(IncomingEvent event) {
        return new ProjectedEvent(event.eventId(), event.type().type(), event.payload(),
                event.time().orElseGet(clock::instant));
    }

    /** The consumer name under which each topic's events are recorded as consumed. */
    public static String consumerOf(String topic) {
        return "analytics/" + topic.substring(topic.indexOf('.') + 1);
    }
}
