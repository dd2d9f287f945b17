package io.kept.analytics.projection;

import io.kept.eventstore.SqlTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Every projection of one set of tables (the live ones, or a rebuild's shadow), in the order an event touches them (a
 * stream's row before the timeline entry that reads its customer), and the changes they make together: pure, so the
 * live consumers and a rebuild make the same changes and only differ in where they run them
 * ({@link io.kept.analytics.store.ChangeWriter}).
 */
public final class Projections {

    private final ProjectionTables tables;
    private final List<Projection> all;

    public Projections(ProjectionTables tables) {
        this.tables = tables;
        this.all = List.of(new GuaranteeProjection(tables), new PromiseProjection(tables), new RecoveryProjection(tables),
                new FollowUpProjection(tables), new CustomerTimelineProjection(tables));
    }

    /** The tables these projections write. */
    public ProjectionTables tables() {
        return tables;
    }

    /** The changes one event makes. */
    public List<Change> changes(ProjectedEvent event) {
        List<Change> changes = new ArrayList<>(3);
        for (Projection projection : all) {
            projection.changes(event, changes);
        }
        return changes;
    }

    /**
     * The changes events of one topic make, in order, and one move of the topic's watermark for all of them, to run in
     * one transaction; none for no events.
     */
    public List<Change> changes(List<ProjectedEvent> events, String topic, Instant now) {
        if (events.isEmpty()) {
            return List.of();
        }
        List<Change> changes = new ArrayList<>(events.size() * 3 + 1);
        Instant last = events.get(0).at();
        for (ProjectedEvent event : events) {
            changes.addAll(changes(event));
            last = event.at().isAfter(last) ? event.at() : last;
        }
        changes.add(watermark(topic, events.size(), last, now));
        return changes;
    }

    /**
     * Moves a topic's freshness watermark by {@code events} events reaching up to {@code lastEventAt},
     * in the same transaction as the projected events.
     */
    public SqlChange watermark(String topic, long events, Instant lastEventAt, Instant now) {
        return SqlChange.of(p -> "INSERT INTO " + tables.table("projection_watermarks") + " AS w"
                + " (topic, events, last_event_at, last_projected_at) VALUES (" + p.list(1, 4) + ")"
                + " ON CONFLICT (topic) DO UPDATE SET events = w.events + EXCLUDED.events,"
                + " last_event_at = greatest(w.last_event_at, EXCLUDED.last_event_at),"
                + " last_projected_at = EXCLUDED.last_projected_at", topic, events, SqlTime.timestamp(lastEventAt),
                SqlTime.timestamp(now));
    }
}
