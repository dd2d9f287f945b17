package io.kept.events.recovery;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.math.BigDecimal;

/** What the customer got to make up for a failure. {@code none} is written with amount 0. */
public record Compensation(
        @NotNull CompensationKind kind,
        @NotNull @DecimalMin("0") BigDecimal amount,
        @JsonPropertyDescription("ISO-4217 currency code, e.g. EUR.")
        @NotNull @Pattern(regexp = "^[A-Z]{3}$") String currency) {
}
