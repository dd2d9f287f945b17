package io.kept.promise.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.kept.events.promise.BreachCause;
import io.kept.events.promise.FailureCategory;
import io.kept.events.promise.Severity;
import io.kept.promise.domain.PromiseStatus;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Request and response bodies of the promise endpoints. */
public final class PromiseRequests {

    private PromiseRequests() {
    }

    @Schema(description = "A concrete promise made to a customer under a guarantee.")
    public record MakePromise(
            @Schema(description = "Your id for the promise; a retry with the same id and details makes nothing new. "
                    + "Generated when absent (then use an Idempotency-Key header to retry safely).", examples = "order-4711")
            @Pattern(regexp = GuaranteeResource.ID_PATTERN) String promiseId,
            @Schema(examples = "delivery-2d") @NotBlank @Size(max = 200) String guaranteeId,
            @Schema(examples = "customer-42") @NotBlank @Size(max = 200) String customerId,
            @Schema(description = "When the promise was made; now when absent.") Instant madeAt,
            @Schema(description = "When it must be kept; computed from the guarantee's target and calendar when absent.")
            Instant dueAt,
            @Schema(examples = "web") @Size(max = 100) String channel,
            @Schema(examples = "logistics") @Size(max = 100) String team,
            @Schema(examples = "agent-7") @Size(max = 100) String agent) {
    }

    @Schema(name = "ReportKept", description = "The promise was kept.")
    public record ReportKeptRequest(
            @Schema(description = "Makes the report idempotent: a retry with the same id changes nothing.") UUID eventId,
            @Schema(description = "When it was kept; now when absent.") Instant keptAt) {
    }

    @Schema(name = "ReportBroken", description = "The promise was broken.")
    public record ReportBrokenRequest(
            @Schema(description = "Makes the report idempotent.") UUID eventId,
            @Schema(description = "When it was broken; now when absent.") Instant brokenAt,
            @NotNull FailureCategory category,
            @NotNull Severity severity,
            @Schema(description = "true, false, or absent/null when unknown.") Boolean avoidable,
            @Size(max = 2000) String description) {
    }

    @Schema(description = "A pause, a resume or a cancellation.")
    public record Transition(
            @Schema(description = "Makes the request idempotent.") UUID eventId,
            @Schema(description = "When it happened; now when absent.") Instant at,
            @Size(max = 2000) String reason) {
    }

    @Schema(description = "A promise with its state and, on GET by id, its full history.")
    public record PromiseView(String promiseId, String guaranteeId, int guaranteeVersion, String customerId,
            PromiseStatus status, Instant madeAt, Instant dueAt,
            @Schema(implementation = String.class, examples = "PT16H") Duration target,
            boolean atRisk, boolean keptLate, BreachCause breachCause, String channel, String team, String agent,
            int version, List<HistoryEntry> history) {
    }

    @Schema(description = "One event of a promise's history, as recorded.")
    public record HistoryEntry(UUID eventId, String type, int version, Instant occurredAt, Instant recordedAt, JsonNode data) {
    }

    @Schema(description = "One page of promises, newest first.")
    public record PromisePage(List<PromiseSummaryView> items, int page, int size) {
    }

    public record PromiseSummaryView(String promiseId, String guaranteeId, int guaranteeVersion, String customerId,
            String status, Instant madeAt, Instant dueAt, boolean keptLate, String breachCause, String channel,
            String team, String agent) {
    }
}
