package io.kept.recovery.rest;

import io.kept.events.Roles;
import io.kept.events.recovery.EscalationReason;
import io.kept.eventstore.CommandRunner.Ran;
import io.kept.eventstore.StoredEvent;
import io.kept.eventstore.error.InvalidInputException;
import io.kept.eventstore.security.Caller;
import io.kept.recovery.config.RecoveryConfig;
import io.kept.recovery.domain.RecoveryCommand;
import io.kept.recovery.domain.RecoveryState;
import io.kept.recovery.domain.RecoveryStatus;
import io.kept.recovery.rest.RecoveryRequests.AbandonRequest;
import io.kept.recovery.rest.RecoveryRequests.AcknowledgeRequest;
import io.kept.recovery.rest.RecoveryRequests.Clocks;
import io.kept.recovery.rest.RecoveryRequests.DiagnoseRequest;
import io.kept.recovery.rest.RecoveryRequests.RecoveryPage;
import io.kept.recovery.rest.RecoveryRequests.RecoverySummary;
import io.kept.recovery.rest.RecoveryRequests.RecoveryView;
import io.kept.recovery.rest.RecoveryRequests.ResolveRequest;
import io.kept.recovery.rest.RecoveryRequests.Step;
import io.kept.recovery.service.Recoveries;
import io.kept.recovery.store.RecoveryViews;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.Arrays;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/recoveries")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Recoveries", description = "Service recovery after a broken promise")
public class RecoveryResource {

    private final Recoveries recoveries;
    private final RecoveryViews views;
    private final RecoveryConfig config;
    private final Caller caller;

    public RecoveryResource(Recoveries recoveries, RecoveryViews views, RecoveryConfig config, Caller caller) {
        this.caller = caller;
        this.recoveries = recoveries;
        this.views = views;
        this.config = config;
    }

    @RolesAllowed(Roles.AGENT)
    @POST
    @Path("/{id}/acknowledged")
    @Operation(summary = "Acknowledge the failure and apologise", description = "The first step; it stops the "
            + "acknowledge clock.")
    @APIResponse(responseCode = "409", description = "Already acknowledged, or the recovery ended")
    public Uni<RecoveryView> acknowledged(@PathParam("id") String id, @Valid @NotNull AcknowledgeRequest body) {
        String by = caller.name();
        return recoveries.act(id, body.eventId(), body.at(), at -> new RecoveryCommand.Acknowledge(at, by, body.apology()))
                .map(outcome -> view(outcome, false));
    }

    @RolesAllowed(Roles.AGENT)
    @POST
    @Path("/{id}/diagnosed")
    @Operation(summary = "Record the customer's real problem", description = "Strongly expected before resolving: a "
            + "resolution without it is allowed but flagged (diagnosed: false).")
    public Uni<RecoveryView> diagnosed(@PathParam("id") String id, @Valid @NotNull DiagnoseRequest body) {
        String by = caller.name();
        return recoveries.act(id, body.eventId(), body.at(),
                at -> new RecoveryCommand.Diagnose(at, by, body.customerProblem(), body.rootCause()))
                .map(o -> view(o, false));
    }

    @RolesAllowed(Roles.AGENT)
    @POST
    @Path("/{id}/resolved")
    @Operation(summary = "Resolve it, with compensation and the extra mile",
            description = "Requires an acknowledgement first. A compensation above kept.recovery.approval-limit (default "
                    + "50, in the compensation's currency) needs a kept-supervisor token: an agent's is refused with 422 naming "
                    + "compensation.amount, and the event names the supervisor as approvedBy. The caller is recorded as resolvedBy. "
                    + "Resolving twice is 409.")
    @APIResponse(responseCode = "400", description = "Negative amount or unknown currency")
    @APIResponse(responseCode = "409", description = "Not acknowledged yet, already resolved, or ended")
    @APIResponse(responseCode = "422", description = "Compensation above the limit, and the caller is no supervisor")
    public Uni<RecoveryView> resolved(@PathParam("id") String id, @Valid @NotNull ResolveRequest body) {
        // Read from the token now: the command may run after the request has gone (Recoveries.act).
        String by = caller.name();
        boolean supervisor = caller.is(Roles.SUPERVISOR);
        return recoveries.act(id, body.eventId(), body.at(), at -> new RecoveryCommand.Resolve(at, body.resolution(),
                body.compensation(), body.extraMile(), by, supervisor, config.approvalLimit())).map(o -> view(o, false));
    }

    @RolesAllowed(Roles.AGENT)
    @POST
    @Path("/{id}/abandoned")
    @Operation(summary = "Abandon the recovery, saying why")
    public Uni<RecoveryView> abandoned(@PathParam("id") String id, @Valid @NotNull AbandonRequest body) {
        String by = caller.name();
        return recoveries.act(id, body.eventId(), body.at(), at -> new RecoveryCommand.Abandon(at, by, body.reason()))
                .map(o -> view(o, false));
    }

    @RolesAllowed(Roles.READER)
    @GET
    @Path("/{id}")
    @Operation(summary = "A recovery: state, steps with times, clocks and escalations")
    @APIResponse(responseCode = "404", description = "Unknown recovery")
    public Uni<RecoveryView> get(@PathParam("id") String id) {
        return recoveries.get(id).map(outcome -> view(outcome, true));
    }

    @RolesAllowed(Roles.READER)
    @GET
    @Operation(summary = "An agent's worklist", description = "Oldest due first (the next target: acknowledge, then "
            + "resolve); ended recoveries last.")
    public Uni<RecoveryPage> list(
            @Parameter(description = "open, acknowledged, resolved, abandoned or withdrawn") @QueryParam("status") String status,
            @QueryParam("customerId") String customerId,
            @QueryParam("page") @DefaultValue("0") @Min(0) int page,
            @QueryParam("size") @DefaultValue("50") @Min(1) @Max(500) int size) {
        if (status != null && Arrays.stream(RecoveryStatus.values())
                .noneMatch(s -> s != RecoveryStatus.NONE && s.value().equals(status))) {
            throw new InvalidInputException("status", "must be one of open, acknowledged, resolved, abandoned, withdrawn");
        }
        return views.list(status, customerId, page, size).map(rows -> new RecoveryPage(rows.stream()
                .map(r -> new RecoverySummary(r.recoveryId(), r.promiseId(), r.customerId(), r.guaranteeId(), r.severity(),
                        r.status(), r.paradoxEligible(), r.priorFailures(), r.openedAt(), r.dueAt()))
                .toList(), page, size));
    }

    static RecoveryView view(Ran<RecoveryState> outcome, boolean withSteps) {
        RecoveryState s = outcome.state();
        var o = s.opened();
        Clocks clocks = new Clocks(o.acknowledgeBy(), s.acknowledgedAt(),
                s.escalations().contains(EscalationReason.ACKNOWLEDGE_OVERDUE), o.resolveBy(), s.resolvedAt(),
                s.escalations().contains(EscalationReason.RESOLVE_OVERDUE));
        return new RecoveryView(o.recoveryId(), o.promiseId(), o.customerId(), o.guaranteeId(), o.severity(), s.status(),
                o.priorFailures(), o.paradoxEligible(), o.openedAt(), clocks, s.escalations(), s.diagnosed(),
                withSteps ? outcome.history().stream().map(RecoveryResource::step).toList() : null);
    }

    private static Step step(StoredEvent event) {
        return new Step(event.eventId(), event.type().type(), event.occurredAt(), event.recordedAt(), event.dataJson());
    }
}
