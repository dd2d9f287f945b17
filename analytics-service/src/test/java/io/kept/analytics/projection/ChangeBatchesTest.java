package io.kept.analytics.projection;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A poll's changes as batches: each row's changes in their order, everything else grouped by statement. */
class ChangeBatchesTest {

    private static final String MADE = "INSERT INTO promises (promise_id, status) VALUES ($1, 'open')";
    private static final String KEPT = "UPDATE promises SET status = 'kept' WHERE promise_id = $1";
    private static final String TIMELINE = "INSERT INTO timeline SELECT $1, customer_id FROM promises WHERE promise_id = $2";

    @Test
    void aRowsChangesRunInTheOrderOfItsEventsAndOtherRowsShareTheirStatements() {
        List<SqlChange> changes = List.of(
                SqlChange.keyed(MADE, "p1"), SqlChange.of(TIMELINE, "e1", "p1"),
                SqlChange.keyed(MADE, "p2"), SqlChange.of(TIMELINE, "e2", "p2"),
                SqlChange.keyed(KEPT, "p1"), SqlChange.of(TIMELINE, "e3", "p1"),
                SqlChange.keyed(KEPT, "p2"), SqlChange.of(TIMELINE, "e4", "p2"));

        List<ChangeBatches.Batch> batches = ChangeBatches.of(changes);

        assertThat(batches).extracting(ChangeBatches.Batch::sql).containsExactly(MADE, KEPT, TIMELINE);
        assertThat(batches.get(0).changes()).extracting(c -> c.params().get(0)).containsExactly("p1", "p2");
        assertThat(batches.get(2).changes()).extracting(c -> c.params().get(0)).containsExactly("e1", "e2", "e3", "e4");
    }

    @Test
    void aRowChangedTwiceByOneStatementGetsTwoBatchesInOrder() {
        SqlChange first = SqlChange.keyed("UPDATE recoveries SET escalations = escalations + 1, reason = $2 WHERE recovery_id = $1", "r1", "a");
        SqlChange second = SqlChange.keyed(first.sql(), "r1", "b");
        SqlChange other = SqlChange.keyed(first.sql(), "r2", "c");

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
