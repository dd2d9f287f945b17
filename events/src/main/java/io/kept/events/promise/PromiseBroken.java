package io.kept.events.promise;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.kept.events.EventPayload;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Instant;

/** {@code io.kept.promise.broken}: the promise was broken, reported or detected at its deadline. Opens a recovery. */
@JsonClassDescription("The promise was broken, reported or detected when its deadline passed.")
public record PromiseBroken(
        @NotBlank String promiseId,
        @NotNull Instant brokenAt,
        @NotNull BreachCause cause,
        @NotNull FailureCategory category,
        @NotNull Severity severity,
        @JsonPropertyDescription("Whether the failure could have been avoided; absent or null when unknown.")
        Boolean avoidable,
        String description) implements EventPayload {
}
