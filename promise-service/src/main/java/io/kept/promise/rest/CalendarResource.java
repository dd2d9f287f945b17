package io.kept.promise.rest;

import io.kept.events.Roles;
import io.kept.events.calendar.CalendarDefined;
import io.kept.events.calendar.Weekday;
import io.kept.events.calendar.WorkingHours;
import io.kept.eventstore.domain.DomainException;
import io.kept.eventstore.error.ResourceNotFoundException;
import io.kept.promise.service.Guarantees;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/calendars")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Calendars", description = "Business calendars that deadlines are counted in")
public class CalendarResource {

    private final Guarantees guarantees;

    public CalendarResource(Guarantees guarantees) {
        this.guarantees = guarantees;
    }

    @Schema(description = "Working hours per weekday in a time zone, and the holidays not worked.")
    public record DefineCalendar(
            @Schema(implementation = String.class, examples = "Europe/Berlin") @NotNull ZoneId zone,
            @Schema(description = "Per weekday (monday..sunday) the working periods, \"HH:mm\" from inclusive to exclusive; "
                    + "a \"to\" of 00:00 means midnight at the end of the day; a weekday not listed is not worked.")
            @NotNull Map<Weekday, @Size(max = MAX_PERIODS) List<@Valid @NotNull WorkingHours>> hours,
            @Schema(description = "Dates not worked, in the calendar's zone; at most " + MAX_HOLIDAYS + ".")
            @Size(max = MAX_HOLIDAYS) List<@NotNull LocalDate> holidays) {
    }

    /** Holidays per calendar: decades of public holidays, far below the largest event the relay publishes. */
    public static final int MAX_HOLIDAYS = 5000;
    /** Working periods per weekday. */
    public static final int MAX_PERIODS = 48;

    @RolesAllowed(Roles.ADMIN)
    @PUT
    @Path("/{id}")
    @Operation(summary = "Define or replace a business calendar",
            description = "The latest definition wins for promises made from then on; sending the same one again changes "
                    + "nothing. `24x7` is built in and cannot be defined.")
    @APIResponse(responseCode = "200", description = "The calendar as stored")
    @APIResponse(responseCode = "400", description = "Invalid field, e.g. overlapping periods")
    public Uni<CalendarDefined> define(@PathParam("id") @Pattern(regexp = GuaranteeResource.ID_PATTERN) String id,
            @Valid @NotNull DefineCalendar body) {
        if (CalendarDefined.TWENTY_FOUR_SEVEN.equals(id)) {
            throw DomainException.ruleViolated("id", "24x7 is the built-in calendar of every hour of every day");
        }
        CalendarDefined definition = new CalendarDefined(id, body.zone(), body.hours(),
                body.holidays() == null ? List.of() : body.holidays());
        return guarantees.defineCalendar(definition).replaceWith(definition);
    }

    @RolesAllowed(Roles.READER)
    @GET
    @Path("/{id}")
    @Operation(summary = "A business calendar")
    @APIResponse(responseCode = "404", description = "Unknown calendar")
    public Uni<CalendarDefined> get(@PathParam("id") String id) {
        return guarantees.calendarDefinition(id).map(definition -> {
            if (definition == null) {
                throw new ResourceNotFoundException("Calendar", id);
            }
            return definition;
        });
    }
}
