package io.kept.analytics.projection;

import io.kept.eventstore.Db;
import io.kept.eventstore.EventStoreConfig;
import io.kept.eventstore.SqlTime;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Every projection in the order an event touches them (a stream's row before the timeline entry
 * that reads its customer), and the live way to run their changes: a poll's changes as
 * {@link ChangeBatches}, one round trip per batch, in the caller's unit of work
 * ({@link io.kept.eventstore.UnitOfWork}), on the live tables.
 */
@ApplicationScoped
public class Projections {

    private static final List<Projection> ALL = List.of(new GuaranteeProjection(), new PromiseProjection(),
            new RecoveryProjection(), new FollowUpProjection(), new CustomerTimelineProjection());

    private final ProjectionTables live;

    public Projections(EventStoreConfig config) {
        this.live = ProjectionTables.live(config.schema());
    }

    /** The changes one event makes to the given tables. */
    public static List<Change> changes(ProjectionTables tables, ProjectedEvent event) {
        List<Change> changes = new ArrayList<>(3);
        for (Projection projection : ALL) {
            projection.changes(tables, event, changes);
        }
        return changes;
    }

    /**
     * Moves a topic's freshness watermark by {@code events} events reaching up to {@code lastEventAt},
     * in the same transaction as the projected events.
     */
    public static SqlChange watermark(ProjectionTables tables, String topic, long events, Instant lastEventAt, Instant now) {
        return SqlChange.of(p -> "INSERT INTO " + tables.table("projection_watermarks") + " AS w"
                + " (topic, events, last_event_at, last_projected_at) VALUES (" + p.list(1, 4) + ")"
                + " ON CONFLICT (topic) DO UPDATE SET events = w.events + EXCLUDED.events,"
                + " last_event_at = greatest(w.last_event_at, EXCLUDED.last_event_at),"
                + " last_projected_at = EXCLUDED.last_projected_at", topic, events, SqlTime.timestamp(lastEventAt),
                SqlTime.timestamp(now));
    }

    /** Applies one event and its watermark to the live tables, in the caller's transaction. */
    public Uni<Void> apply(ProjectedEvent event, String topic, Instant now) {
        return apply(List.of(event), topic, now);
    }

    /**
     * Applies events of one topic, in order, and moves the topic's watermark once for all of them, in the caller's
     * transaction: the rows end as if each change ran after the one before ({@link ChangeBatches}).
     */
    public Uni<Void> apply(List<ProjectedEvent> events, String topic, Instant now) {
        if (events.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Change> changes = new ArrayList<>(events.size() * 3 + 1);
        Instant last = events.get(0).at();
        for (ProjectedEvent event : events) {
            changes.addAll(changes(live, event));
            last = event.at().isAfter(last) ? event.at() : last;
        }
        changes.add(watermark(live, topic, events.size(), last, now));
        return Multi.createFrom().iterable(ChangeBatches.of(changes))
                .onItem().transformToUniAndConcatenate(batch -> Db.batch(batch.sql(),
                        batch.changes().stream().map(SqlChange::params).toList()))
                .collect().last().replaceWithVoid();
    }
}
