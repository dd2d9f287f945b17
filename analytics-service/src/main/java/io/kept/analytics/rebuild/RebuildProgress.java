package io.kept.analytics.rebuild;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Where the running or the last rebuild stands. The rebuild's thread writes it and {@code GET /analytics/rebuild} and
 * the gauges read it from other threads, so it is counters and volatile fields that a reader never waits on.
 */
final class RebuildProgress {

    private final Clock clock;
    private final AtomicLong recordsRead = new AtomicLong();
    private final AtomicLong eventsApplied = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong unreadable = new AtomicLong();
    private volatile String state = "idle";
    private volatile String phase;
    private volatile Instant startedAt;
    private volatile Instant finishedAt;
    private volatile long recordsToReplay;
    private volatile String error;

    RebuildProgress(Clock clock) {
        this.clock = clock;
    }

    /** A new rebuild: every count from zero. */
    void started() {
        recordsRead.set(0);
        eventsApplied.set(0);
        duplicates.set(0);
        unreadable.set(0);
        recordsToReplay = 0;
        error = null;
        finishedAt = null;
        startedAt = clock.instant();
        phase = "preparing";
        state = "running";
    }

    void phase(String phase) {
        this.phase = phase;
    }

    void recordsToReplay(long records) {
        recordsToReplay = records;
    }

    void read(long records) {
        recordsRead.addAndGet(records);
    }

    void applied(long events) {
        eventsApplied.addAndGet(events);
    }

    void duplicate() {
        duplicates.incrementAndGet();
    }

    void unreadable() {
        unreadable.incrementAndGet();
    }

    void succeeded() {
        state = "succeeded";
    }

    void failed(String reason) {
        error = reason;
        state = "failed";
    }

    /** However it ended. */
    void finished() {
        finishedAt = clock.instant();
    }

    Instant startedAt() {
        return startedAt;
    }

    long recordsRead() {
        return recordsRead.get();
    }

    long eventsApplied() {
        return eventsApplied.get();
    }

    long duplicates() {
        return duplicates.get();
    }

    long unreadableRecords() {
        return unreadable.get();
    }

    RebuildStatus status() {
        long read = recordsRead.get();
        long toReplay = recordsToReplay;
        double progress = "succeeded".equals(state) ? 1.0 : toReplay == 0 ? 0.0 : Math.min(1.0, (double) read / toReplay);
        Instant start = startedAt;
        Instant end = finishedAt == null ? clock.instant() : finishedAt;
        double seconds = start == null ? 0 : Math.max(0.001, Duration.between(start, end).toMillis() / 1000.0);
        return new RebuildStatus(state, "running".equals(state) ? phase : null, start, finishedAt, toReplay, read,
                eventsApplied.get(), duplicates.get(), unreadable.get(), progress,
                start == null ? 0 : Math.round(read / seconds * 10) / 10.0, error);
    }
}
