package io.kept.analytics.projection;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SqlChangeTest {

    @Test
    void eachClientsFormIsWrittenFromTheSameTextWithTheParametersInTheOrderTheyAppear() {
        Sql sql = Sql.of(p -> "INSERT INTO t SELECT " + p.at(2) + ", x FROM u WHERE id = " + p.at(1) + " AND other = " + p.at(1));

        assertThat(sql.numbered()).isEqualTo("INSERT INTO t SELECT $2, x FROM u WHERE id = $1 AND other = $1");
        Sql.Jdbc jdbc = sql.jdbc();
        assertThat(jdbc.sql()).isEqualTo("INSERT INTO t SELECT ?, x FROM u WHERE id = ? AND other = ?");
        assertThat(jdbc.bind(List.of("a", 7))).containsExactly(7, "a", "a");
    }

    @Test
    void aDollarInsideTheTextIsLeftAsItIs() {
        Sql sql = Sql.of(p -> "UPDATE t SET note = '$1 off' WHERE id = " + p.at(1));

        assertThat(sql.jdbc().sql()).isEqualTo("UPDATE t SET note = '$1 off' WHERE id = ?");
    }

    @Test
    void nullParametersStayInTheirPlace() {
        SqlChange change = SqlChange.of(p -> "UPDATE t SET a = " + p.at(2) + ", b = " + p.at(3) + " WHERE id = " + p.at(1),
                "id", null, 3);

        assertThat(change.sql().jdbc().bind(change.params())).containsExactly(null, 3, "id");
    }

    @Test
    void aKeyedChangeNamesItsRowByTableAndKeyAsARowChangeDoes() {
        SqlChange change = SqlChange.keyed("analytics.recoveries", "r1",
                p -> "UPDATE analytics.recoveries SET n = n + 1 WHERE recovery_id = " + p.at(1));

        assertThat(change.row()).isEqualTo(RowChange.set("analytics.recoveries", "recovery_id", "r1").row());
    }

    @Test
    void aRebuildWritesBesideTheLiveTablesNeverIntoThem() {
        assertThat(ProjectionTables.live("analytics").table("promises")).isEqualTo("analytics.promises");
        assertThat(ProjectionTables.shadow("analytics").table("promises")).isEqualTo("analytics.rebuild_promises");
    }
}
