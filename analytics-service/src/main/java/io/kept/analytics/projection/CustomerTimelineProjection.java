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

    private final ProjectionTables.Keyed timeline;
    private final ProjectionTables.Keyed returns;
    private final ProjectionTables.Keyed promises;
    private final ProjectionTables.Keyed recoveries;
    private final ProjectionTables.Keyed followups;

    CustomerTimelineProjection(ProjectionTables t) {
        this.timeline = t.keyed("timeline", "event_id");
        this.returns = t.keyed("customer_returns", "event_id");
        this.promises = t.keyed("promises", "promise_id");
        this.recoveries = t.keyed("recoveries", "recovery_id");
        this.followups = t.keyed("followups", "followup_id");
    }

    @Override
    public void changes(ProjectedEvent e, List<Change> changes) {
        EventPayload payload = e.payload();
        if (payload instanceof PromiseMade p) {
            changes.add(entry(e, p.promiseId()).with("customer_id", p.customerId()));
        } else if (payload instanceof RecoveryOpened r) {
            changes.add(entry(e, r.recoveryId()).with("customer_id", r.customerId()));
        } else if (payload instanceof FollowUpScheduled f) {
            changes.add(entry(e, f.followUpId()).with("customer_id", f.customerId()));
        } else if (payload instanceof CustomerReturned c) {
            changes.add(returns.create(e.eventId()).with("customer_id", c.customerId())
                    .with("at", c.at()).with("reference", c.reference()));
            changes.add(entry(e, c.customerId()).with("customer_id", c.customerId()));
        } else if (e.type().startsWith("io.kept.promise.")) {
            changes.add(entryOfStream(e, promises, "promiseId"));
        } else if (e.type().startsWith("io.kept.recovery.")) {
            changes.add(entryOfStream(e, recoveries, "recoveryId"));
        } else if (e.type().startsWith("io.kept.followup.")) {
            changes.add(entryOfStream(e, followups, "followUpId"));
        }
        // Guarantee and calendar events belong to no customer.
    }

    private RowChange entry(ProjectedEvent e, String subject) {
        return entry(e, subject, EventJson.mapper().valueToTree(e.payload()));
    }

    private RowChange entry(ProjectedEvent e, String subject, JsonNode detail) {
        return timeline.create(e.eventId()).with("at", e.at()).with("type", e.type())
                .with("subject", subject).with("detail", detail);
    }

    /** The customer comes from the stream's row; an event whose stream is unknown has no timeline entry. */
    private RowChange entryOfStream(ProjectedEvent e, ProjectionTables.Keyed stream, String idField) {
        JsonNode detail = EventJson.mapper().valueToTree(e.payload());
        return entry(e, detail.path(idField).asText(), detail).lookup("customer_id", stream.table(), stream.keyColumn(), "subject");
    }
}
