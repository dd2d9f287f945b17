package io.kept.events.promise;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import io.kept.events.EventPayload;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Instant;

/** {@code io.kept.promise.cancelled}: the promise no longer applies; nothing follows a cancellation. */
@JsonClassDescription("The promise no longer applies; nothing follows a cancellation.")
public record PromiseCancelled(
        @NotBlank String promiseId,
        @NotNull Instant cancelledAt,
        String reason) implements EventPayload {
}
