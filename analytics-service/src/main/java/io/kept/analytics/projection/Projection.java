package io.kept.analytics.projection;

import java.util.List;

/**
 * One projection table's share of an event. Every change is an upsert or a keyed update, so
 * applying an event a second time changes nothing even without the consumed-event record
 * (except counters, which the consumed-event record guards). A projection is made for the tables it writes (live
 * or a rebuild's shadow), which it keeps as fields rather than naming them for every event.
 */
public interface Projection {

    /** Adds the changes this event makes to the projection's table(s) to {@code changes}. */
    void changes(ProjectedEvent event, List<Change> changes);
}
