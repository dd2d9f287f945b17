package io.kept.events.customer;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.kept.events.EventPayload;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Instant;

/** {@code io.kept.customer.returned}: another system reports repeat business by the customer. */
@JsonClassDescription("Another system reports repeat business by the customer.")
public record CustomerReturned(
        @NotBlank String customerId,
        @NotNull Instant at,
        @JsonPropertyDescription("The reporting system's reference, e.g. an order number; makes the report idempotent.")
        String reference) implements EventPayload {
}
