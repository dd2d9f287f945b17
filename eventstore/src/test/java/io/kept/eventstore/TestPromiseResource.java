package io.kept.eventstore;

import io.kept.events.StreamKind;
import io.kept.events.promise.PromiseMade;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/** A minimal write endpoint built the way services build theirs, to test the library over HTTP. */
@Path("/test/promises/{id}")
@jakarta.annotation.security.RolesAllowed(io.kept.events.Roles.INGEST)
public class TestPromiseResource {

    private final EventStore store;
    private final IdempotencyKeys idempotency;
    private final Clock clock;

    public TestPromiseResource(EventStore store, IdempotencyKeys idempotency, Clock clock) {
        this.store = store;
        this.idempotency = idempotency;
        this.clock = clock;
    }

    public record MakeTestPromise(@NotBlank String customerId, @NotNull Instant dueAt, @Size(max = 20) String team) {
    }

    @POST
    @org.eclipse.microprofile.openapi.annotations.responses.APIResponse(responseCode = "409",
            description = "The promise exists (declared without content: the library's filter says it is a problem)")
    public Uni<Response> make(@PathParam("id") @Size(max = 50) String id,
            @HeaderParam(IdempotencyKeys.HEADER) String key, @Valid @NotNull MakeTestPromise body) {
        Instant now = clock.instant();
        return idempotency.once(key, () -> IdempotencyKeys.fingerprint("POST", "/test/promises/" + id, body),
                () -> store.append(StreamId.of(StreamKind.PROMISE, id), ExpectedVersion.noStream(),
                        java.util.List.of(NewEvent.of(new PromiseMade(id, "g-1", 1, body.customerId(), now,
                                body.dueAt(), Duration.ofHours(1), null, body.team(), null, null), now)))
                .map(result -> new IdempotencyKeys.Answer(201, EventStore.json(Map.of(
                        "promiseId", id,
                        "eventId", result.events().get(0).eventId().toString(),
                        "version", result.version())))))
                .map(answer -> Response.status(answer.status()).type(MediaType.APPLICATION_JSON).entity(answer.body()).build());
    }

}
