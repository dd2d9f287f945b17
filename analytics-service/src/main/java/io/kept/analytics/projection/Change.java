package io.kept.analytics.projection;

/**
 * What one event changes in a projection table: a row written by its key ({@link RowChange}), which folds with the
 * same row's other changes of a poll, or one SQL statement of its own ({@link SqlChange}).
 */
public sealed interface Change permits RowChange, SqlChange {

    /**
     * The row this change writes ({@code <table>/<key>}): changes to the same row run in order, changes to different
     * rows need not. Null for a change whose order relative to the others does not matter, as long as it runs after
     * every row is written (a timeline entry that reads its customer from its stream's row, a watermark).
     */
    String row();
}
