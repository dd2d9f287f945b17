package io.kept.events.recovery;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import io.kept.events.EventPayload;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Instant;

/** {@code io.kept.recovery.escalated}: the recovery needs more than the agent, for the given reason. */
@JsonClassDescription("The recovery was escalated, for the given reason.")
public record RecoveryEscalated(
        @NotBlank String recoveryId,
        @NotNull Instant escalatedAt,
        @NotNull EscalationReason reason,
        String detail) implements EventPayload {
}
