package io.kept.followup.rest;

import io.kept.events.Roles;
import io.kept.followup.service.FollowUps;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/customers")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Customers", description = "Whether customers came back")
public class CustomerResource {

    private final FollowUps followUps;
    private final Clock clock;

    public CustomerResource(FollowUps followUps, Clock clock) {
        this.followUps = followUps;
        this.clock = clock;
    }

    @Schema(description = "Repeat business, reported by another system.")
    public record Returned(
            @Schema(description = "When the customer came back; now when absent.") Instant at,
            @Schema(description = "The order or visit that shows it; the same reference again records nothing new.",
                    examples = "order-5120") @Size(max = 200) String reference) {
    }

    public record ReturnedView(UUID eventId, String customerId, Instant at, String reference, boolean duplicate) {
    }

    @RolesAllowed(Roles.INGEST)
    @POST
    @Path("/{id}/returned")
    @Operation(summary = "Record that a customer came back",
            description = "Recorded as customer.returned on kept.followup-events. Idempotent by reference: the same "
                    + "reference answers the first record again (200) and appends nothing.")
    @APIResponse(responseCode = "201", description = "Recorded")
    @APIResponse(responseCode = "200", description = "Already recorded under this reference")
    @APIResponse(responseCode = "400", description = "Invalid field")
    public Uni<Response> returned(@PathParam("id") @Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9._:-]{0,199}") String id,
            @Valid Returned body) {
        Returned r = body == null ? new Returned(null, null) : body;
        Instant at = r.at() != null ? r.at() : clock.instant();
        return followUps.customerReturned(id, at, r.reference()).map(result -> {
            var event = result.events().get(0);
            var payload = (io.kept.events.customer.CustomerReturned) event.payload();
            return Response.status(result.duplicate() ? 200 : 201)
                    .entity(new ReturnedView(event.eventId(), id, payload.at(), payload.reference(), result.duplicate()))
                    .build();
        });
    }
}
