package io.kept.promise.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.kept.events.EventJson;
import io.kept.events.Roles;
import io.kept.eventstore.IdempotencyKeys;
import io.kept.eventstore.error.ConcurrencyConflictException;
import io.kept.eventstore.error.InvalidInputException;
import io.kept.promise.domain.PromiseCommand;
import io.kept.promise.domain.PromiseStatus;
import io.kept.promise.rest.PromiseRequests.MakePromise;
import io.kept.promise.rest.PromiseRequests.PromisePage;
import io.kept.promise.rest.PromiseRequests.PromiseSummaryView;
import io.kept.promise.rest.PromiseRequests.PromiseView;
import io.kept.promise.rest.PromiseRequests.ReportBrokenRequest;
import io.kept.promise.rest.PromiseRequests.ReportKeptRequest;
import io.kept.promise.rest.PromiseRequests.Transition;
import io.kept.promise.service.Promises;
import io.kept.promise.store.PromiseViews;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.Arrays;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/promises")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Promises", description = "Concrete promises and what became of them")
public class PromiseResource {

    private final Promises promises;
    private final PromiseViews views;
    private final IdempotencyKeys idempotency;

    public PromiseResource(Promises promises, PromiseViews views, IdempotencyKeys idempotency) {
        this.promises = promises;
        this.views = views;
        this.idempotency = idempotency;
    }

    @RolesAllowed(Roles.INGEST)
    @POST
    @Operation(summary = "Make a promise",
            description = "Records that a promise was made and answers it with its due time: given, or madeAt plus the "
                    + "guarantee's target counted in its calendar's working time. Retrying with the same promiseId and "
                    + "details (or the same Idempotency-Key) appends nothing and answers the same promise; the same "
                    + "promiseId with other details is a 409.")
    @APIResponse(responseCode = "201", description = "Made (or the retry of an identical request)")
    @APIResponse(responseCode = "400", description = "Invalid field")
    @APIResponse(responseCode = "409", description = "Same id, different promise; or the guarantee is retired")
    @APIResponse(responseCode = "422", description = "Unknown guarantee")
    public Uni<Response> make(@Parameter(description = "Retry key for requests without a promiseId")
            @HeaderParam(IdempotencyKeys.HEADER) String key, @Valid @NotNull MakePromise body) {
        String promiseId = body.promiseId() != null ? body.promiseId() : UUID.randomUUID().toString();
        PromiseCommand.Make make = new PromiseCommand.Make(promiseId, body.guaranteeId(), body.customerId(),
                body.madeAt(), body.dueAt(), body.channel(), body.team(), body.agent());
        // Two makes of one new promise racing: the loser is decided again and answered as a retry.
        return ConcurrencyConflictException.retried(idempotency.once(key,
                        () -> IdempotencyKeys.fingerprint("POST", "/promises", body),
                        () -> promises.make(make).map(outcome ->
                                new IdempotencyKeys.Answer(201, json(PromiseViewMapper.view(outcome, false))))))
                .map(answer -> Response.status(answer.status())
                        // A stored answer under an Idempotency-Key may name a promise made with another generated id.
                        .location(URI.create("/promises/" + (key == null ? promiseId : promiseIdOf(answer.body()))))
                        .type(MediaType.APPLICATION_JSON)
                        .entity(answer.body())
                        .build());
    }

    @RolesAllowed(Roles.READER)
    @GET
    @Path("/{id}")
    @Operation(summary = "A promise: its state and full history")
    @APIResponse(responseCode = "404", description = "Unknown promise")
    public Uni<PromiseView> get(@PathParam("id") String id) {
        return promises.get(id).map(outcome -> PromiseViewMapper.view(outcome, true));
    }

    @RolesAllowed(Roles.READER)
    @GET
    @Operation(summary = "Promises, newest first, filtered and paged")
    public Uni<PromisePage> list(@QueryParam("customerId") String customerId,
            @Parameter(description = "open, paused, kept, broken or cancelled") @QueryParam("status") String status,
            @QueryParam("guaranteeId") String guaranteeId,
            @QueryParam("page") @DefaultValue("0") @Min(0) int page,
            @QueryParam("size") @DefaultValue("50") @Min(1) @Max(500) int size) {
        if (status != null && Arrays.stream(PromiseStatus.values())
                .noneMatch(s -> s != PromiseStatus.NONE && s.value().equals(status))) {
            throw new InvalidInputException("status", "must be one of open, paused, kept, broken, cancelled");
        }
        return views.list(customerId, status, guaranteeId, page, size).map(rows -> new PromisePage(rows.stream()
                .map(r -> new PromiseSummaryView(r.promiseId(), r.guaranteeId(), r.guaranteeVersion(), r.customerId(),
                        r.status(), r.madeAt(), r.dueAt(), r.keptLate(), r.breachCause(), r.channel(), r.team(), r.agent()))
                .toList(), page, size));
    }

    @RolesAllowed(Roles.INGEST)
    @POST
    @Path("/{id}/kept")
    @Operation(summary = "Report the promise kept",
            description = "Kept after its due time counts as kept late (a breach for compliance). A report that it was "
                    + "kept in time, arriving after the deadline watcher broke it, retracts the automatic breach.")
    @APIResponse(responseCode = "409", description = "Already kept, broken or cancelled")
    public Uni<PromiseView> kept(@PathParam("id") String id, @Valid ReportKeptRequest body) {
        ReportKeptRequest report = body == null ? new ReportKeptRequest(null, null) : body;
        return promises.act(id, report.eventId(), report.keptAt(), PromiseCommand.ReportKept::new)
                .map(ran -> PromiseViewMapper.view(ran, false));
    }

    @RolesAllowed(Roles.INGEST)
    @POST
    @Path("/{id}/broken")
    @Operation(summary = "Report the promise broken")
    @APIResponse(responseCode = "409", description = "Already kept, broken or cancelled")
    public Uni<PromiseView> broken(@PathParam("id") String id, @Valid @NotNull ReportBrokenRequest body) {
        return promises.act(id, body.eventId(), body.brokenAt(), at -> new PromiseCommand.ReportBroken(at, body.category(),
                body.severity(), body.avoidable(), body.description())).map(ran -> PromiseViewMapper.view(ran, false));
    }

    @RolesAllowed(Roles.INGEST)
    @POST
    @Path("/{id}/paused")
    @Operation(summary = "Pause the promise's clock", description = "While paused (waiting on the customer) the "
            + "promise can be neither at risk nor overdue.")
    public Uni<PromiseView> paused(@PathParam("id") String id, @Valid Transition body) {
        Transition t = body == null ? new Transition(null, null, null) : body;
        return promises.act(id, t.eventId(), t.at(), at -> new PromiseCommand.Pause(at, t.reason()))
                .map(ran -> PromiseViewMapper.view(ran, false));
    }

    @RolesAllowed(Roles.INGEST)
    @POST
    @Path("/{id}/resumed")
    @Operation(summary = "Resume the promise's clock", description = "The due time moves by the working time the "
            + "promise was paused.")
    public Uni<PromiseView> resumed(@PathParam("id") String id, @Valid Transition body) {
        Transition t = body == null ? new Transition(null, null, null) : body;
        return promises.resume(id, t.eventId(), t.at()).map(ran -> PromiseViewMapper.view(ran, false));
    }

    @RolesAllowed(Roles.INGEST)
    @POST
    @Path("/{id}/cancelled")
    @Operation(summary = "Cancel the promise", description = "Nothing can follow a cancellation.")
    public Uni<PromiseView> cancelled(@PathParam("id") String id, @Valid Transition body) {
        Transition t = body == null ? new Transition(null, null, null) : body;
        return promises.act(id, t.eventId(), t.at(), at -> new PromiseCommand.Cancel(at, t.reason()))
                .map(ran -> PromiseViewMapper.view(ran, false));
    }

    private static String json(Object value) {
        try {
            return EventJson.mapper().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String promiseIdOf(String body) {
        try {
            return EventJson.mapper().readTree(body).path("promiseId").asText();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
