package io.kept.events.promise;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.kept.events.EventPayload;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Instant;

/** {@code io.kept.promise.kept}: the promise was kept; a late one counts as broken. */
@JsonClassDescription("The promise was kept; when late it counts as broken.")
public record PromiseKept(
        @NotBlank String promiseId,
        @NotNull Instant keptAt,
        @JsonPropertyDescription("True when kept after dueAt; it then counts as broken.")
        boolean late) implements EventPayload {
}
