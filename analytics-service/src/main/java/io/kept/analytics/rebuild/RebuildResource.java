package io.kept.analytics.rebuild;

import io.kept.events.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/analytics/rebuild")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Rebuild", description = "Replaying every topic into fresh projections")
public class RebuildResource {

    private final RebuildJob rebuild;

    public RebuildResource(RebuildJob rebuild) {
        this.rebuild = rebuild;
    }

    @RolesAllowed(Roles.ADMIN)
    @POST
    @Operation(summary = "Rebuild every projection from the topics",
            description = "Replays kept.promise-events, kept.recovery-events and kept.followup-events from the beginning "
                    + "into new tables while the current ones keep serving, then swaps them in one transaction (live "
                    + "projection waits for the swap; readers see the old or the new numbers, never a mix). Answers at "
                    + "once; follow progress at GET /analytics/rebuild or the kept_analytics_rebuild_* metrics.")
    @APIResponse(responseCode = "202", description = "Started")
    @APIResponse(responseCode = "409", description = "A rebuild is already running, here or on another replica (named)")
    public Response start() {
        return Response.accepted(rebuild.start()).location(URI.create("/analytics/rebuild")).build();
    }

    @RolesAllowed(Roles.READER)
    @GET
    @Operation(summary = "Progress of the last or the running rebuild")
    public RebuildStatus status() {
        return rebuild.status();
    }
}
