package io.kept.events.calendar;

import com.fasterxml.jackson.annotation.JsonFormat;
import jakarta.validation.constraints.NotNull;
import java.time.LocalTime;

/**
 * One working period of a day in the calendar's zone, {@code from} inclusive to {@code to} exclusive,
 * written {@code "HH:mm"}.
 */
public record WorkingHours(
        @NotNull @JsonFormat(shape = JsonFormat.Shape.STRING, pattern = "HH:mm") LocalTime from,
        @NotNull @JsonFormat(shape = JsonFormat.Shape.STRING, pattern = "HH:mm") LocalTime to) {
}
