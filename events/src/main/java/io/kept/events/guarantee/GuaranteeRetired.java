package io.kept.events.guarantee;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import io.kept.events.EventPayload;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Instant;

/** {@code io.kept.guarantee.retired}: no new promises under this guarantee; promises already made go on. */
@JsonClassDescription("A guarantee was retired: no new promises under it; promises already made go on.")
public record GuaranteeRetired(
        @NotBlank String guaranteeId,
        @NotNull Instant retiredAt,
        String reason) implements EventPayload {
}
