package io.kept.events.followup;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.kept.events.EventPayload;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Instant;

/** {@code io.kept.followup.scheduled}: a follow-up with the customer is due after a recovery. */
@JsonClassDescription("A follow-up with the customer is due after a recovery.")
public record FollowUpScheduled(
        @NotBlank String followUpId,
        @NotBlank String recoveryId,
        @NotBlank String customerId,
        @NotNull FollowUpKind kind,
        @NotNull Instant dueAt,
        @JsonPropertyDescription("The guarantee of the broken promise, when the recovery names one.")
        String guaranteeId,
        @JsonPropertyDescription("When it was scheduled: when the recovery was resolved or abandoned. Absent in events "
                + "written before December 2026.")
        Instant scheduledAt) implements EventPayload {
}
