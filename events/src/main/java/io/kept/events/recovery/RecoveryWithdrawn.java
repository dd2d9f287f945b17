package io.kept.events.recovery;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import io.kept.events.EventPayload;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Instant;

/** {@code io.kept.recovery.withdrawn}: the recovery ended because the breach that opened it was retracted. */
@JsonClassDescription("The recovery ended because the breach that opened it was retracted.")
public record RecoveryWithdrawn(
        @NotBlank String recoveryId,
        @NotNull Instant withdrawnAt,
        @NotBlank String reason) implements EventPayload {
}
