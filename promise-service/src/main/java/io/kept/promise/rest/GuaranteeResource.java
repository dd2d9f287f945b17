package io.kept.promise.rest;

import io.kept.events.Roles;
import io.kept.events.TrustBudget;
import io.kept.eventstore.error.InvalidInputException;
import io.kept.eventstore.error.ResourceNotFoundException;
import io.kept.promise.domain.GuaranteeCommand;
import io.kept.promise.domain.GuaranteeState;
import io.kept.promise.rest.GuaranteeRequests.DefineGuarantee;
import io.kept.promise.rest.GuaranteeRequests.GuaranteeView;
import io.kept.promise.service.Guarantees;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/guarantees")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Guarantees", description = "Standing promises that concrete promises are made under")
public class GuaranteeResource {

    /** The shortest and longest time a guarantee may give itself to keep a promise. */
    public static final Duration MIN_TARGET = Duration.ofMinutes(1);
    public static final Duration MAX_TARGET = Duration.ofDays(5 * 365 + 1);

    /** Ids appear in URLs, Kafka keys and BI filters: keep them plain. */
    public static final String ID_PATTERN = "[A-Za-z0-9][A-Za-z0-9._:-]{0,199}";

    private final Guarantees guarantees;

    public GuaranteeResource(Guarantees guarantees) {
        this.guarantees = guarantees;
    }

    @RolesAllowed(Roles.ADMIN)
    @PUT
    @Path("/{id}")
    @Operation(summary = "Define or revise a guarantee",
            description = "Creates the guarantee (201) or, when something changed, revises it with the next version (200). "
                    + "Sending the same definition again changes nothing. Promises already made keep the target they were "
                    + "made under. A retired guarantee cannot be revised (409).")
    @APIResponse(responseCode = "201", description = "Defined")
    @APIResponse(responseCode = "200", description = "Revised, or unchanged")
    @APIResponse(responseCode = "400", description = "Invalid field, e.g. a target under a minute or over five years")
    @APIResponse(responseCode = "409", description = "Retired")
    @APIResponse(responseCode = "422", description = "Unknown calendar")
    public Uni<Response> define(@PathParam("id") @Pattern(regexp = ID_PATTERN) String id,
            @Valid @NotNull DefineGuarantee body) {
        requireMinuteToFiveYears("target", body.target());
        TrustBudget trustBudget = null;
        if (body.trustBudget() != null) {
            requireMinuteToFiveYears("trustBudget.window", body.trustBudget().window());
            trustBudget = new TrustBudget(body.trustBudget().failures(), body.trustBudget().window());
        }
        GuaranteeCommand.Define command = new GuaranteeCommand.Define(id, body.name(), body.customerProblem(),
                body.promise(), body.target(), body.calendar(), body.objective(),
                body.atRiskAt() == null ? 0.8 : body.atRiskAt(), trustBudget);
        return guarantees.define(command).map(defined -> Response
                .status(defined.created() ? Response.Status.CREATED : Response.Status.OK)
                .entity(view(defined.state()))
                .build());
    }

    private static void requireMinuteToFiveYears(String field, Duration value) {
        if (value.compareTo(MIN_TARGET) < 0 || value.compareTo(MAX_TARGET) > 0) {
            throw new InvalidInputException(field, "must be from " + MIN_TARGET + " to " + MAX_TARGET
                    + " (five years), got " + value);
        }
    }

    @Schema(description = "Why a guarantee is retired.")
    public record RetireGuarantee(@jakarta.validation.constraints.Size(max = 2000) String reason) {
    }

    @RolesAllowed(Roles.ADMIN)
    @jakarta.ws.rs.POST
    @Path("/{id}/retired")
    @Operation(summary = "Retire a guarantee",
            description = "A retired guarantee takes no new promises (POST /promises answers 409) and cannot be revised; "
                    + "promises already made under it go on. Retiring again changes nothing.")
    @APIResponse(responseCode = "200", description = "Retired")
    @APIResponse(responseCode = "404", description = "Unknown guarantee")
    public Uni<GuaranteeView> retire(@PathParam("id") String id, @Valid RetireGuarantee body) {
        return guarantees.retire(id, body == null ? null : body.reason()).map(GuaranteeResource::view);
    }

    @RolesAllowed(Roles.READER)
    @GET
    @Path("/{id}")
    @Operation(summary = "A guarantee as it stands now")
    @APIResponse(responseCode = "404", description = "Unknown guarantee")
    public Uni<GuaranteeView> get(@PathParam("id") String id) {
        return guarantees.guarantee(id).map(state -> {
            if (!state.exists()) {
                throw new ResourceNotFoundException("Guarantee", id);
            }
            return view(state);
        });
    }

    @RolesAllowed(Roles.READER)
    @GET
    @Operation(summary = "Every guarantee, retired ones included, in id order")
    public Uni<List<GuaranteeView>> list() {
        return guarantees.guarantees().map(all -> all.stream().map(GuaranteeResource::view).toList());
    }

    static GuaranteeView view(GuaranteeState state) {
        var g = state.current();
        return new GuaranteeView(g.guaranteeId(), g.version(), g.name(), g.customerProblem(), g.promise(), g.target(),
                g.calendar(), g.objective(), g.atRiskAt(), state.retired(), g.trustBudget() == null ? null
                        : new GuaranteeRequests.TrustBudgetBody(g.trustBudget().failures(), g.trustBudget().window()));
    }
}
