package io.kept.events.recovery;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.kept.events.EventPayload;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Instant;

/** {@code io.kept.recovery.diagnosed}: the customer's real problem is understood. */
@JsonClassDescription("The customer's real problem is understood.")
public record RecoveryDiagnosed(
        @NotBlank String recoveryId,
        @NotNull Instant diagnosedAt,
        @JsonPropertyDescription("The customer's real problem, not the symptom.")
        @NotBlank String customerProblem,
        String rootCause,
        @JsonPropertyDescription("Who diagnosed: the verified caller. Absent on events written before callers were authenticated.")
        String by) implements EventPayload {
}
