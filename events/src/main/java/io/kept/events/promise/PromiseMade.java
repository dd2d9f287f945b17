package io.kept.events.promise;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.kept.events.EventPayload;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.time.Instant;

/**
 * {@code io.kept.promise.made}: a concrete promise was made to a customer under a guarantee.
 * It carries the target and guarantee version it was made under, so a later revision changes nothing for it.
 */
@JsonClassDescription("A concrete promise was made to a customer under a guarantee.")
public record PromiseMade(
        @NotBlank String promiseId,
        @NotBlank String guaranteeId,
        @JsonPropertyDescription("Version of the guarantee the promise was made under.")
        @Min(1) int guaranteeVersion,
        @NotBlank String customerId,
        @NotNull Instant madeAt,
        @JsonPropertyDescription("When the promise must be kept: madeAt plus target in working time, unless given.")
        @NotNull Instant dueAt,
        @JsonPropertyDescription("The guarantee's target at the time the promise was made (ISO-8601 duration).")
        @NotNull Duration target,
        String channel,
        String team,
        String agent,
        @JsonPropertyDescription("The guarantee's atRiskAt when the promise was made: the fraction of its window after "
                + "which it is at risk, 0..1. Absent in events written before December 2026.")
        @DecimalMin("0") @DecimalMax("1") Double atRiskAt) implements EventPayload {
}
