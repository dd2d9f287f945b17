package io.kept.recovery.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.kept.events.promise.Severity;
import io.kept.events.recovery.Compensation;
import io.kept.events.recovery.EscalationReason;
import io.kept.recovery.domain.RecoveryStatus;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Request and response bodies of the recovery endpoints. */
public final class RecoveryRequests {

    private RecoveryRequests() {
    }

    @Schema(name = "Acknowledge", description = "Acknowledge the failure and apologise. Who acknowledged is the caller "
            + "(the token), never the body.")
    public record AcknowledgeRequest(
            @Schema(description = "Makes the request idempotent: a retry with the same id changes nothing.") UUID eventId,
            @Schema(description = "When; now when absent.") Instant at,
            @Schema(examples = "We are sorry your parcel did not arrive on Friday.") @NotBlank @Size(max = 4000) String apology) {
    }

    @Schema(name = "Diagnose", description = "What the customer really needs, and why it went wrong.")
    public record DiagnoseRequest(UUID eventId, Instant at,
            @Schema(examples = "Needs the dress for a wedding on Saturday") @NotBlank @Size(max = 4000) String customerProblem,
            @Schema(examples = "Depot sorting error") @Size(max = 4000) String rootCause) {
    }

    @Schema(name = "Resolve", description = "How it was put right. A compensation above the agent's limit needs a caller "
            + "with the kept-supervisor role, who is recorded as its approver.")
    public record ResolveRequest(UUID eventId, Instant at,
            @Schema(examples = "Courier delivered on Saturday morning") @NotBlank @Size(max = 4000) String resolution,
            @NotNull @Valid Compensation compensation,
            @Schema(examples = "Gift-wrapped with a handwritten note") @Size(max = 4000) String extraMile) {
    }

    @Schema(name = "Abandon", description = "Give up on the recovery, saying why.")
    public record AbandonRequest(UUID eventId, Instant at, @NotBlank @Size(max = 4000) String reason) {
    }

    @Schema(description = "A recovery: state, clocks, escalations and, on GET by id, its steps.")
    public record RecoveryView(String recoveryId, String promiseId, String customerId, String guaranteeId,
            Severity severity, RecoveryStatus status, int priorFailures, boolean paradoxEligible, Instant openedAt,
            Clocks clocks, Set<EscalationReason> escalations, boolean diagnosed, List<Step> steps) {
    }

    @Schema(description = "The recovery's targets and when it met them.")
    public record Clocks(Instant acknowledgeBy, Instant acknowledgedAt, boolean acknowledgeOverdue,
            Instant resolveBy, Instant resolvedAt, boolean resolveOverdue) {
    }

    @Schema(description = "One recorded step.")
    public record Step(UUID eventId, String type, Instant at, Instant recordedAt, JsonNode data) {
    }

    public record RecoveryPage(List<RecoverySummary> items, int page, int size) {
    }

    public record RecoverySummary(String recoveryId, String promiseId, String customerId, String guaranteeId,
            String severity, String status, boolean paradoxEligible, int priorFailures, Instant openedAt,
            @Schema(description = "The next target: acknowledge, then resolve; absent once it ended") Instant dueAt) {
    }
}
