package io.kept.analytics.projection;

/**
 * What one event changes in a projection table: a row written by its key ({@link RowChange}), which folds with the
 * same row's other changes of a poll, or one SQL statement of its own ({@link SqlChange}).
 */
public sealed interface Change permits RowChange, SqlChange {

    /**
     * One row of one table, by its key's value as text (as a UUID and its text name the same row). Changes to the same
     * row run in order, changes to different rows need not.
     */
    record Row(String table, String key) {
    }

    /**
     * The row this change writes. Null for a change whose order relative to the others does not matter, as long as it
     * runs after every row is written (a timeline entry that reads its customer from its stream's row, a watermark).
     */
    Row row();
}
