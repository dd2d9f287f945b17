package io.kept.analytics.projection;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.kept.events.EventJson;
import io.kept.events.EventPayload;
import io.kept.events.customer.CustomerReturned;
import io.kept.events.followup.FollowUpScheduled;
import io.kept.events.promise.PromiseMade;
import io.kept.events.recovery.RecoveryOpened;
import io.kept.eventstore.SqlTime;
import java.util.List;

/**
 * Tables {@code timeline} (every event of a customer's story) and {@code customer_returns}. An
 * event that does not name its customer takes it from its stream's projection row.
 */
public class CustomerTimelineProjection implements Projection {

    @Override
    public void changes(ProjectionTables t, ProjectedEvent e, List<SqlChange> changes) {
        EventPayload payload = e.payload();
        if (payload instanceof PromiseMade p) {
            changes.add(insert(t, e, p.customerId(), p.promiseId()));
        } else if (payload instanceof RecoveryOpened r) {
            changes.add(insert(t, e, r.customerId(), r.recoveryId()));
        } else if (payload instanceof FollowUpScheduled f) {
            changes.add(insert(t, e, f.customerId(), f.followUpId()));
        } else if (payload instanceof CustomerReturned c) {
            changes.add(SqlChange.of("INSERT INTO " + t.table("customer_returns") + " (event_id, customer_id, at, reference)"
                    + " VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING", e.eventId(), c.customerId(),
                    SqlTime.timestamp(c.at()), c.reference()));
            changes.add(insert(t, e, c.customerId(), c.customerId()));
        } else if (e.type().startsWith("io.kept.promise.")) {
            changes.add(insertFrom(t, e, "promises", "promise_id", "promiseId"));
        } else if (e.type().startsWith("io.kept.recovery.")) {
            changes.add(insertFrom(t, e, "recoveries", "recovery_id", "recoveryId"));
        } else if (e.type().startsWith("io.kept.followup.")) {
            changes.add(insertFrom(t, e, "followups", "followup_id", "followUpId"));
        }
        // Guarantee and calendar events belong to no customer.
    }

    private static SqlChange insert(ProjectionTables t, ProjectedEvent e, String customerId, String subject) {
        return SqlChange.of("INSERT INTO " + t.table("timeline") + " (event_id, customer_id, at, type, subject, detail)"
                + " VALUES ($1, $2, $3, $4, $5, CAST(CAST($6 AS text) AS jsonb)) ON CONFLICT DO NOTHING",
                e.eventId(), customerId, SqlTime.timestamp(e.at()), e.type(), subject, json(e.payload()));
    }

    /** The customer comes from the stream's row; an event whose stream is unknown has no timeline entry. */
    private static SqlChange insertFrom(ProjectionTables t, ProjectedEvent e, String table, String idColumn, String idField) {
        String subject = EventJson.mapper().valueToTree(e.payload()).path(idField).asText();
        return SqlChange.of("INSERT INTO " + t.table("timeline") + " (event_id, customer_id, at, type, subject, detail)"
                + " SELECT CAST($1 AS uuid), customer_id, CAST($2 AS timestamptz), CAST($3 AS text), " + idColumn + ","
                + " CAST(CAST($4 AS text) AS jsonb) FROM " + t.table(table) + " WHERE " + idColumn + " = $5"
                + " ON CONFLICT DO NOTHING", e.eventId(), SqlTime.timestamp(e.at()), e.type(), json(e.payload()), subject);
    }

    private static String json(EventPayload payload) {
        try {
            return EventJson.mapper().writeValueAsString(payload);
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
