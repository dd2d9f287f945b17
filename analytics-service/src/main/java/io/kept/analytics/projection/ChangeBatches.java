package io.kept.analytics.projection;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The changes of many events as a few batches of one statement each, in an order that gives the same rows as running
 * every change one after the other. A row's changes must run in the order of its events, so they are laid out in
 * waves: wave <i>n</i> holds every row's <i>n</i>-th change, and within a wave the changes are grouped by statement.
 * The changes bound to no row ({@link SqlChange#row()} null: the timeline entries, which read their customer from a
 * stream's row) come last, grouped by statement too. A poll of a thousand events is then a few dozen batches, each
 * sent in one round trip, instead of thousands of statements; the live consumer and the rebuild both run them so.
 */
public final class ChangeBatches {

    private ChangeBatches() {
    }

    /** One statement ({@code $N} parameters) with every change that runs it, in order. */
    public record Batch(String sql, List<SqlChange> changes) {
    }

    /** The batches to run, in order, for changes given in the order of their events. */
    public static List<Batch> of(List<SqlChange> changes) {
        List<List<SqlChange>> waves = new ArrayList<>();
        List<SqlChange> unordered = new ArrayList<>();
        Map<String, Integer> changesPerRow = new HashMap<>();
        for (SqlChange change : changes) {
            if (change.row() == null) {
                unordered.add(change);
                continue;
            }
            int wave = changesPerRow.merge(change.row(), 1, Integer::sum) - 1;
            if (wave == waves.size()) {
                waves.add(new ArrayList<>());
            }
            waves.get(wave).add(change);
        }
        List<Batch> batches = new ArrayList<>();
        for (List<SqlChange> wave : waves) {
            byStatement(wave, batches);
        }
        byStatement(unordered, batches);
        return batches;
    }

    private static void byStatement(List<SqlChange> changes, List<Batch> into) {
        Map<String, List<SqlChange>> bySql = new LinkedHashMap<>();
        for (SqlChange change : changes) {
            bySql.computeIfAbsent(change.sql(), sql -> new ArrayList<>()).add(change);
        }
        bySql.forEach((sql, same) -> into.add(new Batch(sql, same)));
    }
}
