package io.kept.analytics.projection;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SqlChangeTest {

    @Test
    void theJdbcFormBindsEachPlaceholderInTheOrderItAppears() {
        SqlChange change = SqlChange.of("INSERT INTO t SELECT $2, x FROM u WHERE id = $1 AND other = $1", "a", 7);

        SqlChange jdbc = change.positional();

        assertThat(jdbc.sql()).isEqualTo("INSERT INTO t SELECT ?, x FROM u WHERE id = ? AND other = ?");
        assertThat(jdbc.params()).containsExactly(7, "a", "a");
    }

    @Test
    void nullParametersStayInTheirPlace() {
        SqlChange jdbc = SqlChange.of("UPDATE t SET a = $2, b = $3 WHERE id = $1", "id", null, 3).positional();

        assertThat(jdbc.params()).containsExactly(null, 3, "id");
    }

    @Test
    void aKeyedChangeNamesItsRowByTableAndKeyAsARowChangeDoes() {
        SqlChange change = SqlChange.keyed("analytics.recoveries", "UPDATE analytics.recoveries SET n = n + 1 WHERE recovery_id = $1", "r1");

        assertThat(change.row()).isEqualTo(RowChange.set("analytics.recoveries", "recovery_id", "r1").row());
    }

    @Test
    void aRebuildWritesBesideTheLiveTablesNeverIntoThem() {
        assertThat(ProjectionTables.live("analytics").table("promises")).isEqualTo("analytics.promises");
        assertThat(ProjectionTables.shadow("analytics").table("promises")).isEqualTo("analytics.rebuild_promises");
    }
}
