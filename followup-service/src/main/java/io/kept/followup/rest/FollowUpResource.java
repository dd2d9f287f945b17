package io.kept.followup.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.kept.events.Roles;
import io.kept.events.followup.FollowUpKind;
import io.kept.eventstore.CommandRunner.Ran;
import io.kept.eventstore.StoredEvent;
import io.kept.eventstore.error.InvalidInputException;
import io.kept.eventstore.security.Caller;
import io.kept.followup.domain.FollowUpCommand;
import io.kept.followup.domain.FollowUpState;
import io.kept.followup.domain.FollowUpStatus;
import io.kept.followup.service.FollowUps;
import io.kept.followup.store.FollowUpViews;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/followups")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Follow-ups", description = "Closing the loop after every recovery")
public class FollowUpResource {

    private final FollowUps followUps;
    private final FollowUpViews views;
    private final Caller caller;

    public FollowUpResource(FollowUps followUps, FollowUpViews views, Caller caller) {
        this.caller = caller;
        this.followUps = followUps;
        this.views = views;
    }

    @Schema(name = "Complete", description = "The customer's answer.")
    public record CompleteRequest(
            @Schema(description = "Makes the request idempotent: a retry with the same id changes nothing.") UUID eventId,
            @Schema(description = "When; now when absent.") Instant at,
            @NotNull Boolean satisfied,
            @Schema(description = "1 (very unhappy) to 5 (delighted)", examples = "4") @NotNull @Min(1) @Max(5) Integer score,
            @Schema(description = "Whether the customer says they will stay") Boolean retained,
            @Size(max = 4000) String comment) {
    }

    @Schema(name = "Cancel", description = "Why the follow-up is not needed.")
    public record CancelRequest(UUID eventId, Instant at, @NotBlank @Size(max = 4000) String reason) {
    }

    @Schema(description = "A follow-up and, on GET by id, its history.")
    public record FollowUpView(String followUpId, String recoveryId, String customerId, String guaranteeId,
            FollowUpKind kind, FollowUpStatus status, Instant dueAt, Instant completedAt, List<Step> history) {
    }

    public record Step(UUID eventId, String type, Instant at, JsonNode data) {
    }

    public record FollowUpPage(List<FollowUpViews.Summary> items, int page, int size) {
    }

    @RolesAllowed(Roles.AGENT)
    @POST
    @Path("/{id}/completed")
    @Operation(summary = "Record the customer's answer", description = "A missed follow-up can still be completed "
            + "late. Completing twice is 409; a score outside 1..5 is 400; an `at` before the follow-up was scheduled "
            + "(when the recovery ended) is 422.")
    @APIResponse(responseCode = "400", description = "Invalid field")
    @APIResponse(responseCode = "409", description = "Already completed or cancelled")
    @APIResponse(responseCode = "422", description = "Dated before the follow-up was scheduled")
    public Uni<FollowUpView> completed(@PathParam("id") String id, @Valid @NotNull CompleteRequest body) {
        String by = caller.name();
        return followUps.act(id, body.eventId(), body.at(), at -> new FollowUpCommand.Complete(at, by, body.satisfied(),
                body.score(), body.retained(), body.comment())).map(o -> view(o, false));
    }

    @RolesAllowed(Roles.AGENT)
    @POST
    @Path("/{id}/cancelled")
    @Operation(summary = "Cancel a follow-up, saying why")
    public Uni<FollowUpView> cancelled(@PathParam("id") String id, @Valid @NotNull CancelRequest body) {
        String by = caller.name();
        return followUps.act(id, body.eventId(), body.at(), at -> new FollowUpCommand.Cancel(at, by, body.reason()))
                .map(o -> view(o, false));
    }

    @RolesAllowed(Roles.READER)
    @GET
    @Path("/{id}")
    @Operation(summary = "A follow-up with its history")
    public Uni<FollowUpView> get(@PathParam("id") String id) {
        return followUps.get(id).map(o -> view(o, true));
    }

    @RolesAllowed(Roles.READER)
    @GET
    @Operation(summary = "An agent's worklist", description = "due: scheduled, earliest due first; overdue: missed, "
            + "most overdue first; done: completed or cancelled, latest first; without status: every open one.")
    public Uni<FollowUpPage> list(@Parameter(description = "due, overdue or done") @QueryParam("status") String status,
            @QueryParam("customerId") String customerId,
            @QueryParam("page") @DefaultValue("0") @Min(0) int page,
            @QueryParam("size") @DefaultValue("50") @Min(1) @Max(500) int size) {
        FollowUpViews.Filter filter;
        if (status == null) {
            filter = FollowUpViews.Filter.OPEN;
        } else if (List.of("due", "overdue", "done").contains(status)) {
            filter = FollowUpViews.Filter.valueOf(status.toUpperCase(Locale.ROOT));
        } else {
            throw new InvalidInputException("status", "must be one of due, overdue, done");
        }
        return views.list(filter, customerId, page, size).map(rows -> new FollowUpPage(rows, page, size));
    }

    static FollowUpView view(Ran<FollowUpState> outcome, boolean withHistory) {
        var s = outcome.state();
        var f = s.scheduled();
        return new FollowUpView(f.followUpId(), f.recoveryId(), f.customerId(), f.guaranteeId(), f.kind(), s.status(),
                f.dueAt(), s.completedAt(),
                withHistory ? outcome.history().stream().map(FollowUpResource::step).toList() : null);
    }

    private static Step step(StoredEvent event) {
        return new Step(event.eventId(), event.type().type(), event.occurredAt(), event.dataJson());
    }
}
