package io.kept.events.promise;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.kept.events.EventPayload;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Instant;

/** {@code io.kept.promise.resumed}: the clock runs again; the due time moved by the paused working time. */
@JsonClassDescription("The promise's clock runs again; dueAt moved by the paused working time.")
public record PromiseResumed(
        @NotBlank String promiseId,
        @NotNull Instant resumedAt,
        @JsonPropertyDescription("The new due time.")
        @NotNull Instant dueAt) implements EventPayload {
}
