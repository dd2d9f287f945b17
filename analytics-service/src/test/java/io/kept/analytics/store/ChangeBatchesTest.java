package io.kept.analytics.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.kept.analytics.projection.RowChange;
import io.kept.analytics.projection.Sql;
import io.kept.analytics.projection.SqlChange;
import io.kept.events.EventJson;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A poll's changes as statements: each row's changes folded and in their order, rows of one shape in one statement.
 * That the statements give the rows one change at a time would give is checked against PostgreSQL by ScriptedDayIT
 * (live polls and a rebuild against the day worked out by hand); this says which statements a poll becomes.
 */
class ChangeBatchesTest {

    private static final String PROMISES = "analytics.promises";
    private static final String TIMELINE = "analytics.timeline";

    private static RowChange made(String id) {
        return RowChange.create(PROMISES, "promise_id", id).with("customer_id", "c-" + id).with("status", "open");
    }

    private static RowChange kept(String id) {
        return RowChange.set(PROMISES, "promise_id", id).with("status", "kept").with("kept_at", Instant.parse("2026-12-04T10:00:00.123456789Z"));
    }

    private static RowChange entry(String eventId, String promiseId) {
        return RowChange.create(TIMELINE, "event_id", eventId).with("subject", promiseId)
                .lookup("customer_id", PROMISES, "promise_id", "subject");
    }

    private static JsonNode rows(ChangeBatches.Batch batch) throws Exception {
        assertThat(batch.changes()).hasSize(1);
        return EventJson.mapper().readTree((String) batch.changes().get(0).params().get(0));
    }

    @Test
    void aRowMadeAndKeptInOnePollIsOneInsertOfItsFinalValuesThatSetsThemOnAnExistingRow() throws Exception {
        List<ChangeBatches.Batch> batches = ChangeBatches.of(List.of(made("p1"), kept("p1"), made("p2"), kept("p2")));

        assertThat(batches).hasSize(1);
        assertThat(batches.get(0).sql()).isEqualTo("INSERT INTO analytics.promises (customer_id, kept_at, promise_id, status)"
                + " SELECT r.customer_id, r.kept_at, r.promise_id, r.status"
                + " FROM json_populate_recordset(NULL::analytics.promises, CAST($1 AS text)::json) AS r"
                + " ON CONFLICT (promise_id) DO UPDATE SET kept_at = EXCLUDED.kept_at, status = EXCLUDED.status");
        JsonNode rows = rows(batches.get(0));
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).path("promise_id").asText()).isEqualTo("p1");
        assertThat(rows.get(0).path("status").asText()).isEqualTo("kept");
        assertThat(rows.get(0).path("customer_id").asText()).isEqualTo("c-p1");
        // To the microsecond a timestamptz keeps.
        assertThat(rows.get(0).path("kept_at").asText()).isEqualTo("2026-12-04T10:00:00.123456Z");
    }

    @Test
    void updatesOfRowsMadeInEarlierPollsAreOneUpdateAndEntriesThatReadTheirRowComeLast() {
        List<ChangeBatches.Batch> batches = ChangeBatches.of(List.of(entry("e1", "p1"), kept("p1"), entry("e2", "p2"), kept("p2")));

        assertThat(batches).extracting(ChangeBatches.Batch::sql).containsExactly(
                "UPDATE analytics.promises AS t SET kept_at = r.kept_at, status = r.status"
                        + " FROM json_populate_recordset(NULL::analytics.promises, CAST($1 AS text)::json) AS r"
                        + " WHERE t.promise_id = r.promise_id",
                "INSERT INTO analytics.timeline (event_id, subject, customer_id) SELECT r.event_id, r.subject, s.customer_id"
                        + " FROM json_populate_recordset(NULL::analytics.timeline, CAST($1 AS text)::json) AS r"
                        + " JOIN analytics.promises AS s ON s.promise_id = r.subject ON CONFLICT (event_id) DO NOTHING");
    }

    @Test
    void aCreationAfterAnUpdateAndAStatementOfTheRowEachStartTheRowsNextWrite() throws Exception {
        SqlChange escalated = SqlChange.keyed(PROMISES, "p1", p -> "UPDATE analytics.promises SET n = n + 1 WHERE promise_id = " + p.at(1));

        List<ChangeBatches.Batch> batches = ChangeBatches.of(List.of(kept("p1"), made("p1"), escalated, kept("p1"), made("p2")));

        assertThat(batches).extracting(b -> b.sql().substring(0, 6)).containsExactly("UPDATE", "INSERT", "INSERT", "UPDATE", "UPDATE");
        assertThat(rows(batches.get(0))).hasSize(1);
        // p2 is made in the first wave, beside p1's first update; p1 is made in the second, after that update.
        assertThat(rows(batches.get(1))).extracting(r -> r.path("promise_id").asText()).containsExactly("p2");
        assertThat(rows(batches.get(2))).extracting(r -> r.path("promise_id").asText()).containsExactly("p1");
        assertThat(batches.get(3).changes()).containsExactly(escalated);
        assertThat(rows(batches.get(4))).extracting(r -> r.path("status").asText()).containsExactly("kept");
    }

    @Test
    void aSecondCreationOfARowChangesNothing() throws Exception {
        List<ChangeBatches.Batch> batches = ChangeBatches.of(List.of(made("p1"),
                RowChange.create(PROMISES, "promise_id", "p1").with("customer_id", "someone else").with("status", "open")));

        assertThat(batches).hasSize(1);
        assertThat(rows(batches.get(0)).get(0).path("customer_id").asText()).isEqualTo("c-p1");
    }

    @Test
    void aRowChangedTwiceByOneStatementGetsTwoBatchesInOrder() {
        Sql.Text escalate = p -> "UPDATE recoveries SET escalations = escalations + 1, reason = " + p.at(2) + " WHERE recovery_id = " + p.at(1);
        SqlChange first = SqlChange.keyed("recoveries", "r1", escalate, "a");
        SqlChange second = SqlChange.keyed("recoveries", "r1", escalate, "b");
        SqlChange other = SqlChange.keyed("recoveries", "r2", escalate, "c");

        List<ChangeBatches.Batch> batches = ChangeBatches.of(List.of(first, other, second));

        assertThat(batches).hasSize(2);
        assertThat(batches.get(0).changes()).containsExactly(first, other);
        assertThat(batches.get(1).changes()).containsExactly(second);
    }

    @Test
    void noChangesNoBatches() {
        assertThat(ChangeBatches.of(List.of())).isEmpty();
    }
}
