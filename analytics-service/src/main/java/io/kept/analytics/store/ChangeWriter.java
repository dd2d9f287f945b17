package io.kept.analytics.store;

import io.kept.analytics.projection.Change;
import io.kept.analytics.projection.Sql;
import io.kept.analytics.projection.SqlChange;
import io.kept.eventstore.Db;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/**
 * The one place projection changes are run, as {@link ChangeBatches} (a few set-based statements, each one round
 * trip), whoever runs them: the live consumers through the reactive client in their unit of work ({@link #live}), a
 * rebuild through a JDBC connection of its own ({@link #bulk}). Both run the same statements, each in its client's
 * parameter style ({@link Sql}). The rebuild keeps JDBC because its transactions span blocking Kafka polls on its own
 * thread, its connections carry a network timeout, and its speed was measured so (bench/README.md).
 */
public final class ChangeWriter {

    private ChangeWriter() {
    }

    /** Runs changes, in order, in the current {@link io.kept.eventstore.UnitOfWork}. */
    public static Uni<Void> live(List<Change> changes) {
        return Multi.createFrom().iterable(ChangeBatches.of(changes))
                .onItem().transformToUniAndConcatenate(batch -> Db.batch(batch.sql(),
                        batch.changes().stream().map(SqlChange::params).toList()))
                .collect().last().replaceWithVoid();
    }

    /** Runs changes, in order, on {@code connection} (in its transaction): one JDBC batch per statement. */
    public static void bulk(Connection connection, List<Change> changes) throws SQLException {
        for (ChangeBatches.Batch batch : ChangeBatches.of(changes)) {
            Sql.Jdbc jdbc = batch.statement().jdbc();
            try (PreparedStatement prepared = connection.prepareStatement(jdbc.sql())) {
                for (SqlChange change : batch.changes()) {
                    List<Object> params = jdbc.bind(change.params());
                    for (int i = 0; i < params.size(); i++) {
                        prepared.setObject(i + 1, params.get(i));
                    }
                    prepared.addBatch();
                }
                prepared.executeBatch();
            }
        }
    }
}
