package io.kept.events.followup;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.kept.events.EventPayload;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Instant;

/** {@code io.kept.followup.cancelled}: the follow-up will not happen. */
@JsonClassDescription("The follow-up will not happen.")
public record FollowUpCancelled(
        @NotBlank String followUpId,
        @NotNull Instant cancelledAt,
        @NotBlank String reason,
        @JsonPropertyDescription("Who cancelled it: the verified caller. Absent on events written before callers were authenticated.")
        String by) implements EventPayload {
}
