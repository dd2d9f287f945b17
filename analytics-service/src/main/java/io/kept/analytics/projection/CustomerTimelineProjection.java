package io.kept.analytics.projection;

import com.fasterxml.jackson.databind.JsonNode;
import io.kept.events.EventJson;
import io.kept.events.EventPayload;
import io.kept.events.customer.CustomerReturned;
import io.kept.events.followup.FollowUpScheduled;
import io.kept.events.promise.PromiseMade;
import io.kept.events.recovery.RecoveryOpened;
import java.util.List;

/**
 * Tables {@code timeline} (every event of a customer's story) and {@code customer_returns}. An
 * event that does not name its customer takes it from its stream's projection row.
 */
public class CustomerTimelineProjection implements Projection {

    @Override
    public void changes(ProjectionTables t, ProjectedEvent e, List<Change> changes) {
        EventPayload payload = e.payload();
        if (payload instanceof PromiseMade p) {
            changes.add(entry(t, e, p.promiseId()).with("customer_id", p.customerId()));
        } else if (payload instanceof RecoveryOpened r) {
            changes.add(entry(t, e, r.recoveryId()).with("customer_id", r.customerId()));
        } else if (payload instanceof FollowUpScheduled f) {
            changes.add(entry(t, e, f.followUpId()).with("customer_id", f.customerId()));
        } else if (payload instanceof CustomerReturned c) {
            changes.add(t.keyed("customer_returns", "event_id").create(e.eventId()).with("customer_id", c.customerId())
                    .with("at", c.at()).with("reference", c.reference()));
            changes.add(entry(t, e, c.customerId()).with("customer_id", c.customerId()));
        } else if (e.type().startsWith("io.kept.promise.")) {
            changes.add(entryOfStream(t, e, "promises", "promise_id", "promiseId"));
        } else if (e.type().startsWith("io.kept.recovery.")) {
            changes.add(entryOfStream(t, e, "recoveries", "recovery_id", "recoveryId"));
        } else if (e.type().startsWith("io.kept.followup.")) {
            changes.add(entryOfStream(t, e, "followups", "followup_id", "followUpId"));
        }
        // Guarantee and calendar events belong to no customer.
    }

    private static RowChange entry(ProjectionTables t, ProjectedEvent e, String subject) {
        return entry(t, e, subject, EventJson.mapper().valueToTree(e.payload()));
    }

    private static RowChange entry(ProjectionTables t, ProjectedEvent e, String subject, JsonNode detail) {
        return t.keyed("timeline", "event_id").create(e.eventId()).with("at", e.at()).with("type", e.type())
                .with("subject", subject).with("detail", detail);
    }

    /** The customer comes from the stream's row; an event whose stream is unknown has no timeline entry. */
    private static RowChange entryOfStream(ProjectionTables t, ProjectedEvent e, String table, String idColumn, String idField) {
        JsonNode detail = EventJson.mapper().valueToTree(e.payload());
        return entry(t, e, detail.path(idField).asText(), detail).lookup("customer_id", t.table(table), idColumn, "subject");
    }
}
