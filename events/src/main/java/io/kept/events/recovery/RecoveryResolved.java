package io.kept.events.recovery;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.kept.events.EventPayload;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Instant;

/** {@code io.kept.recovery.resolved}: the customer's problem was solved and compensated. Follow-ups come next. */
@JsonClassDescription("The customer's problem was solved and compensated.")
public record RecoveryResolved(
        @NotBlank String recoveryId,
        @NotNull Instant resolvedAt,
        @NotBlank String resolution,
        @NotNull @Valid Compensation compensation,
        @JsonPropertyDescription("What was done beyond the fix.")
        String extraMile,
        @JsonPropertyDescription("The supervisor who approved a compensation above the agent's limit: the verified caller, holding kept-supervisor.")
        String approvedBy,
        @JsonPropertyDescription("False when resolved without a diagnosis; allowed but flagged.")
        boolean diagnosed,
        @JsonPropertyDescription("Who resolved: the verified caller. Absent on events written before callers were authenticated.")
        String resolvedBy) implements EventPayload {
}
