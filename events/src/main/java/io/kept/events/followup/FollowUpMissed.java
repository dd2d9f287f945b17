package io.kept.events.followup;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import io.kept.events.EventPayload;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Instant;

/** {@code io.kept.followup.missed}: the follow-up was still open at its due time plus grace. */
@JsonClassDescription("The follow-up was still open at its due time plus grace.")
public record FollowUpMissed(
        @NotBlank String followUpId,
        @NotNull Instant missedAt,
        @NotNull Instant dueAt) implements EventPayload {
}
