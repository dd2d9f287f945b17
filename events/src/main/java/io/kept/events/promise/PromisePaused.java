package io.kept.events.promise;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import io.kept.events.EventPayload;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Instant;

/** {@code io.kept.promise.paused}: the clock stopped, e.g. while waiting on the customer. */
@JsonClassDescription("The promise's clock stopped, e.g. while waiting on the customer.")
public record PromisePaused(
        @NotBlank String promiseId,
        @NotNull Instant pausedAt,
        String reason) implements EventPayload {
}
