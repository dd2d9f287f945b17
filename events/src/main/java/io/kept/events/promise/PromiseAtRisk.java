package io.kept.events.promise;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import io.kept.events.EventPayload;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Instant;

/** {@code io.kept.promise.at-risk}: still open when the guarantee's at-risk fraction of the window passed. */
@JsonClassDescription("The promise is still open after the at-risk fraction of its window.")
public record PromiseAtRisk(
        @NotBlank String promiseId,
        @NotNull Instant at,
        @NotNull Instant dueAt) implements EventPayload {
}
