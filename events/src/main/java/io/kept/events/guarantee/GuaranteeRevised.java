package io.kept.events.guarantee;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.kept.events.EventPayload;
import io.kept.events.TrustBudget;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;

/** {@code io.kept.guarantee.revised}: a guarantee got a new version; promises already made keep theirs. */
@JsonClassDescription("A guarantee was revised; promises already made keep the version they were made under.")
public record GuaranteeRevised(
        @NotBlank String guaranteeId,
        @NotBlank String name,
        @JsonPropertyDescription("The customer's problem the guarantee solves.")
        @NotBlank String customerProblem,
        @JsonPropertyDescription("The promise statement, as the customer reads it.")
        @NotBlank String promise,
        @JsonPropertyDescription("Time to keep a promise, counted in the calendar's working time (ISO-8601 duration).")
        @NotNull Duration target,
        @JsonPropertyDescription("'24x7' or the id of a business calendar.")
        @NotBlank String calendar,
        @JsonPropertyDescription("Share of promises that must be kept, 0..1.")
        @DecimalMin("0") @DecimalMax("1") double objective,
        @JsonPropertyDescription("Fraction of the promise window after which an open promise is at risk, 0..1.")
        @DecimalMin("0") @DecimalMax("1") double atRiskAt,
        @JsonPropertyDescription("Version of the guarantee; promises record the version they were made under.")
        @Min(1) int version,
        @JsonPropertyDescription("The customer's trust budget for this guarantee's promises: the failures allowed per "
                + "customer in a rolling window. Absent: they share the budget configured for all guarantees.")
        @Valid TrustBudget trustBudget) implements EventPayload {
}
