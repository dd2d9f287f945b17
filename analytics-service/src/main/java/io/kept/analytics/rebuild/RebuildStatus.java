package io.kept.analytics.rebuild;

import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Where the last (or the running) rebuild stands. */
@Schema(description = "Progress of the last or the running projection rebuild")
public record RebuildStatus(
        @Schema(description = "idle (never ran since start-up), running, succeeded or failed") String state,
        @Schema(description = "While running: preparing, replaying (to the end offsets seen at the start), "
                + "catching-up (to newer end offsets) or swapping (live projection paused, tables replaced)") String phase,
        Instant startedAt,
        Instant finishedAt,
        @Schema(description = "Records on the three topics when the rebuild started") long recordsToReplay,
        @Schema(description = "Records read so far (may pass recordsToReplay: events keep arriving)") long recordsRead,
        @Schema(description = "Distinct events projected into the new tables") long eventsApplied,
        @Schema(description = "Records skipped because their event id was projected before") long duplicates,
        @Schema(description = "Records skipped because they are not Kept CloudEvents (the live consumer dead-letters them)")
        long unreadable,
        @Schema(description = "recordsRead / recordsToReplay, at most 1") double progress,
        @Schema(description = "Records read per second since the start") double recordsPerSecond,
        @Schema(description = "Why the rebuild failed; the live tables were left as they were") String error) {
}
