package io.kept.events.recovery;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.kept.events.EventPayload;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Instant;

/** {@code io.kept.recovery.abandoned}: the recovery was given up; a check-in still follows. */
@JsonClassDescription("The recovery was given up.")
public record RecoveryAbandoned(
        @NotBlank String recoveryId,
        @NotNull Instant abandonedAt,
        @NotBlank String reason,
        @JsonPropertyDescription("Who abandoned it: the verified caller. Absent on events written before callers were authenticated.")
        String by) implements EventPayload {
}
