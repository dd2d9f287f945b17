package io.kept.eventstore.deadletter;

import io.smallrye.common.annotation.Blocking;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import io.kept.events.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/admin/dead-letters")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Dead letters", description = "Records this service's consumers could not apply, and their re-drive")
public class DeadLetterResource {

    private final DeadLetters deadLetters;

    public DeadLetterResource(DeadLetters deadLetters) {
        this.deadLetters = deadLetters;
    }

    /** This service's dead letters. */
    public record Listing(Set<String> topics, List<DeadLetters.DeadLetter> deadLetters) {
    }

    @RolesAllowed(Roles.ADMIN)
    @GET
    @Blocking
    @Operation(summary = "List this service's dead letters",
            description = "Each record this service's consumers sent to a dead-letter topic and still on it: where it came "
                    + "from, its event id and type, why, and whether it was replayed.")
    public Listing list(@QueryParam("limit") @DefaultValue("1000") @Min(1) @Max(10000) int limit) {
        return new Listing(deadLetters.topics(), deadLetters.list(limit));
    }

    @RolesAllowed(Roles.ADMIN)
    @POST
    @Path("/replay")
    @Blocking
    @Operation(summary = "Replay this service's dead letters",
            description = "Hands every dead letter not replayed before back to the consumer that dead-lettered it, in this "
                    + "service and in order, without publishing anything to the topic it came from. Consumers dedupe by "
                    + "event id, so replaying is safe. A letter that still cannot be applied is dead-lettered again with "
                    + "the new reason (deadLetteredAgain) when it is proven poison; any other failure, such as the database being away, stops "
                    + "the replay of that partition (stoppedBy), and the next replay starts there.")
    public DeadLetters.Replay replay() {
        return deadLetters.replay();
    }
}
