package io.kept.events.calendar;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.kept.events.EventPayload;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * {@code io.kept.calendar.defined}: a business calendar was defined or replaced (the latest definition wins).
 * Promise deadlines are counted in its working time.
 */
@JsonClassDescription("A business calendar was defined or replaced; the latest definition wins.")
public record CalendarDefined(
        @NotBlank String calendarId,
        @JsonPropertyDescription("IANA time zone the hours and holidays are in, e.g. Europe/Berlin.")
        @NotNull ZoneId zone,
        @JsonPropertyDescription("Working periods per weekday; a weekday not listed is not worked.")
        @NotNull Map<Weekday, List<@Valid WorkingHours>> hours,
        @JsonPropertyDescription("Days not worked, in the calendar's zone.")
        @NotNull List<LocalDate> holidays) implements EventPayload {

    /** The {@code calendar} value of a guarantee that counts every hour of every day. */
    public static final String TWENTY_FOUR_SEVEN = "24x7";

    public CalendarDefined {
        // Immutable, and in weekday order so the stored JSON is stable.
        hours = hours == null ? null : copyInWeekdayOrder(hours);
        holidays = holidays == null ? null : List.copyOf(holidays);
    }

    private static Map<Weekday, List<WorkingHours>> copyInWeekdayOrder(Map<Weekday, List<WorkingHours>> hours) {
        Map<Weekday, List<WorkingHours>> copy = new EnumMap<>(Weekday.class);
        hours.forEach((day, periods) -> copy.put(day, List.copyOf(periods)));
        return Collections.unmodifiableMap(copy);
    }
}
