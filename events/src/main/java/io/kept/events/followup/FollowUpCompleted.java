package io.kept.events.followup;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.kept.events.EventPayload;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Instant;

/** {@code io.kept.followup.completed}: the customer was reached and answered. */
@JsonClassDescription("The customer was reached and answered.")
public record FollowUpCompleted(
        @NotBlank String followUpId,
        @NotNull Instant completedAt,
        boolean satisfied,
        @JsonPropertyDescription("Satisfaction score, 1 (worst) to 5 (best).")
        @Min(1) @Max(5) int score,
        @JsonPropertyDescription("Whether the customer stays; absent when not asked.")
        Boolean retained,
        String comment,
        @JsonPropertyDescription("Who recorded the answer: the verified caller. Absent on events written before callers were authenticated.")
        String by) implements EventPayload {
}
