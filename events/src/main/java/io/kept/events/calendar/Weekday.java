package io.kept.events.calendar;

import com.fasterxml.jackson.annotation.JsonValue;
import java.time.DayOfWeek;
import java.util.Locale;

/** A day of the week as written in JSON ({@code monday} ... {@code sunday}); the keys of a calendar's hours. */
public enum Weekday {

    MONDAY(DayOfWeek.MONDAY),
    TUESDAY(DayOfWeek.TUESDAY),
    WEDNESDAY(DayOfWeek.WEDNESDAY),
    THURSDAY(DayOfWeek.THURSDAY),
    FRIDAY(DayOfWeek.FRIDAY),
    SATURDAY(DayOfWeek.SATURDAY),
    SUNDAY(DayOfWeek.SUNDAY);

    private final DayOfWeek dayOfWeek;

    Weekday(DayOfWeek dayOfWeek) {
        this.dayOfWeek = dayOfWeek;
    }

    /** The JSON value: the lowercase English name. */
    @JsonValue
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    public DayOfWeek dayOfWeek() {
        return dayOfWeek;
    }

    public static Weekday of(DayOfWeek dayOfWeek) {
        // Declared in DayOfWeek order.
        return values()[dayOfWeek.ordinal()];
    }
}
