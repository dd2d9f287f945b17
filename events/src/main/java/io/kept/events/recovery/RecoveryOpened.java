package io.kept.events.recovery;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.kept.events.EventPayload;
import io.kept.events.promise.Severity;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Instant;

/** {@code io.kept.recovery.opened}: a broken promise got its recovery case, with its clocks. */
@JsonClassDescription("A broken promise got its recovery case, with its acknowledge and resolve clocks.")
public record RecoveryOpened(
        @NotBlank String recoveryId,
        @NotBlank String promiseId,
        @NotBlank String customerId,
        @NotBlank String guaranteeId,
        @NotNull Severity severity,
        @JsonPropertyDescription("The customer's earlier broken promises within the look-back window.")
        @Min(0) int priorFailures,
        @JsonPropertyDescription("No prior failure, not critical and not known avoidable: recovery can win loyalty.")
        boolean paradoxEligible,
        @NotNull Instant openedAt,
        @JsonPropertyDescription("Target time to acknowledge, from the severity's target.")
        @NotNull Instant acknowledgeBy,
        @JsonPropertyDescription("Target time to resolve, from the severity's target.")
        @NotNull Instant resolveBy) implements EventPayload {
}
