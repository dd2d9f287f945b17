package io.kept.events.recovery;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.kept.events.EventPayload;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Instant;

/** {@code io.kept.recovery.acknowledged}: the failure was acknowledged to the customer with an apology. */
@JsonClassDescription("The failure was acknowledged to the customer with an apology.")
public record RecoveryAcknowledged(
        @NotBlank String recoveryId,
        @NotNull Instant acknowledgedAt,
        @JsonPropertyDescription("Who acknowledged: the verified caller (the token's upn, preferred_username or sub).")
        @NotBlank String by,
        @NotBlank String apology) implements EventPayload {
}
