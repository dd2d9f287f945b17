package io.kept.events.promise;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.kept.events.EventPayload;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Instant;

/**
 * {@code io.kept.promise.breach-retracted}: an automatic deadline-missed breach is undone because a late report
 * shows the promise was kept in time. A correction event; the breach stays in the history.
 */
@JsonClassDescription("An automatic deadline-missed breach is undone: a late report shows the promise was kept "
        + "in time.")
public record PromiseBreachRetracted(
        @NotBlank String promiseId,
        @NotNull Instant retractedAt,
        @JsonPropertyDescription("When the promise was kept, at or before its dueAt.")
        @NotNull Instant keptAt,
        @NotBlank String reason) implements EventPayload {
}
