package io.kept.promise.domain;

import io.kept.events.FieldError;
import io.kept.events.calendar.CalendarDefined;
import io.kept.events.calendar.Weekday;
import io.kept.events.calendar.WorkingHours;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The working time of a business: weekly working periods as wall-clock times in a zone, minus holidays.
 * Promise deadlines are counted in it.
 *
 * <p>A period is {@code from} inclusive to {@code to} exclusive; a {@code to} of {@code 00:00} means midnight at
 * the end of that day, so {@code 00:00-00:00} is the whole day. Wall-clock times become instants by the rules of
 * {@link ZonedDateTime#of}: a time in a spring-forward gap moves forward by the gap, an ambiguous fall-back time
 * takes the earlier offset. Working time is real elapsed time inside those instant ranges, so an all-day period
 * lasts 23 hours on the spring-forward day and 25 hours on the fall-back day.
 *
 * <p>Immutable and thread-safe. Every operation walks day by day, never minute by minute, and looks at most
 * {@value #MAX_DAYS} calendar days (about ten years) ahead before giving up.
 */
public final class BusinessCalendar {

    /** About ten years of calendar days: a promise deadline further out than that is a mistake, not a plan. */
    static final int MAX_DAYS = 3653;

    /** {@value CalendarDefined#TWENTY_FOUR_SEVEN}: every instant is working time; adding it is plain addition. */
    public static final BusinessCalendar ALWAYS = new BusinessCalendar(CalendarDefined.TWENTY_FOUR_SEVEN,
            ZoneOffset.UTC, new Period[DayOfWeek.values().length][0], Set.of(), true);

    private final String calendarId;
    private final ZoneId zone;
    /** Periods per {@link DayOfWeek#ordinal()}, sorted by {@code from}; empty for days not worked. */
    private final Period[][] periods;
    private final Set<LocalDate> holidays;
    private final boolean always;

    private BusinessCalendar(String calendarId, ZoneId zone, Period[][] periods, Set<LocalDate> holidays,
            boolean always) {
        this.calendarId = calendarId;
        this.zone = zone;
        this.periods = periods;
        this.holidays = holidays;
        this.always = always;
    }

    /**
     * The calendar a definition describes.
     *
     * @throws IllegalArgumentException if {@link #validate} finds errors in it
     */
    public static BusinessCalendar of(CalendarDefined definition) {
        Objects.requireNonNull(definition, "definition");
        List<FieldError> errors = validate(definition);
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException("invalid calendar " + definition.calendarId() + ": "
                    + errors.stream().map(FieldError::toString).collect(Collectors.joining("; ")));
        }
        Period[][] periods = new Period[DayOfWeek.values().length][];
        for (DayOfWeek day : DayOfWeek.values()) {
            List<WorkingHours> hours = definition.hours().getOrDefault(Weekday.of(day), List.of());
            periods[day.ordinal()] = hours.stream()
                    .map(h -> new Period(h.from(), h.to()))
                    .sorted(Comparator.comparing(Period::from))
                    .toArray(Period[]::new);
        }
        return new BusinessCalendar(definition.calendarId(), definition.zone(), periods,
                Set.copyOf(definition.holidays()), false);
    }

    /**
     * What is wrong with a definition, each error naming its field (e.g. {@code hours.monday[1].to}); empty if
     * nothing is. Refused: missing values, a period whose {@code to} is not after its {@code from} (unless
     * {@code to} is {@code 00:00}), periods of the same day that overlap, and a calendar without any working
     * period (no deadline could ever be reached in it).
     */
    public static List<FieldError> validate(CalendarDefined definition) {
        Objects.requireNonNull(definition, "definition");
        List<FieldError> errors = new ArrayList<>();
        if (definition.calendarId() == null || definition.calendarId().isBlank()) {
            errors.add(new FieldError("calendarId", "must not be blank"));
        } else if (CalendarDefined.TWENTY_FOUR_SEVEN.equals(definition.calendarId())) {
            // Guarantees use this id for the built-in calendar; a stored one would be ambiguous.
            errors.add(new FieldError("calendarId", "must not be " + CalendarDefined.TWENTY_FOUR_SEVEN
                    + ", which names the built-in calendar that is always working"));
        }
        if (definition.zone() == null) {
            errors.add(new FieldError("zone", "is required"));
        }
        if (definition.holidays() == null) {
            errors.add(new FieldError("holidays", "is required"));
        }
        if (definition.hours() == null) {
            errors.add(new FieldError("hours", "is required"));
            return errors;
        }
        boolean anyPeriod = false;
        for (Map.Entry<Weekday, List<WorkingHours>> day : definition.hours().entrySet()) {
            String dayPath = "hours." + day.getKey().value();
            List<WorkingHours> hours = day.getValue();
            List<Integer> wellFormed = new ArrayList<>();
            for (int i = 0; i < hours.size(); i++) {
                WorkingHours h = hours.get(i);
                String path = dayPath + "[" + i + "]";
                if (h.from() == null) {
                    errors.add(new FieldError(path + ".from", "is required"));
                }
                if (h.to() == null) {
                    errors.add(new FieldError(path + ".to", "is required"));
                }
                if (h.from() == null || h.to() == null) {
                    continue;
                }
                Period period = new Period(h.from(), h.to());
                if (!period.isWellFormed()) {
                    errors.add(new FieldError(path + ".to", "must be after from (" + h.from()
                            + "), or 00:00 for midnight at the end of the day"));
                    continue;
                }
                anyPeriod = true;
                // Pairwise so the message names the other period whatever order they are listed in.
                for (int j : wellFormed) {
                    WorkingHours other = hours.get(j);
                    if (period.overlaps(new Period(other.from(), other.to()))) {
                        errors.add(new FieldError(path, "overlaps " + dayPath + "[" + j + "] ("
                                + other.from() + "-" + other.to() + ")"));
                        break;
                    }
                }
                wellFormed.add(i);
            }
        }
        if (!anyPeriod && errors.stream().noneMatch(e -> e.field().startsWith("hours."))) {
            errors.add(new FieldError("hours", "must have at least one working period"));
        }
        return errors;
    }

    /** The id of the calendar this was defined as; {@value CalendarDefined#TWENTY_FOUR_SEVEN} for {@link #ALWAYS}. */
    public String calendarId() {
        return calendarId;
    }

    /** The zone the working periods and holidays are in. */
    public ZoneId zone() {
        return zone;
    }

    /** Whether {@code instant} is inside a working period (from inclusive, to exclusive). */
    public boolean isWorking(Instant instant) {
        Objects.requireNonNull(instant, "instant");
        if (always) {
            return true;
        }
        LocalDate date = instant.atZone(zone).toLocalDate();
        // The neighbours too, because a period shifted by a DST gap may reach across midnight.
        for (LocalDate day = date.minusDays(1); !day.isAfter(date.plusDays(1)); day = day.plusDays(1)) {
            for (Interval interval : intervalsOn(day)) {
                if (interval.contains(instant)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * {@code instant} if it is working time, else the opening of the next working period.
     *
     * @throws IllegalStateException if there is no working time within about ten years
     */
    public Instant nextWorkingInstant(Instant instant) {
        Objects.requireNonNull(instant, "instant");
        if (always) {
            return instant;
        }
        LocalDate first = instant.atZone(zone).toLocalDate().minusDays(1);
        for (int i = 0; i <= MAX_DAYS; i++) {
            for (Interval interval : intervalsOn(first.plusDays(i))) {
                if (interval.end().isAfter(instant)) {
                    return max(interval.start(), instant);
                }
            }
        }
        throw noWorkingTime(instant);
    }

    /**
     * The instant at which {@code amount} of working time has elapsed counting from {@code start}: from the next
     * opening if {@code start} is outside working time, skipping days without periods and holidays. When the
     * amount runs out exactly at the end of a period, that end is the answer (due at 17:00, not at the next
     * opening). A zero amount gives {@code start} back unchanged, even outside working time.
     *
     * @throws IllegalArgumentException if {@code amount} is negative
     * @throws IllegalStateException    if the amount does not run out within about ten years of calendar days
     */
    public Instant addWorkingTime(Instant start, Duration amount) {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(amount, "amount");
        if (amount.isNegative()) {
            throw new IllegalArgumentException("amount must not be negative: " + amount);
        }
        if (amount.isZero()) {
            return start;
        }
        if (always) {
            return start.plus(amount);
        }
        Duration remaining = amount;
        // Only ever moves forward, so time shared by two intervals (DST oddities) is counted once.
        Instant cursor = start;
        LocalDate first = start.atZone(zone).toLocalDate().minusDays(1);
        for (int i = 0; i <= MAX_DAYS; i++) {
            for (Interval interval : intervalsOn(first.plusDays(i))) {
                if (!interval.end().isAfter(cursor)) {
                    continue;
                }
                Instant from = max(interval.start(), cursor);
                Duration available = Duration.between(from, interval.end());
                if (remaining.compareTo(available) <= 0) {
                    return from.plus(remaining);
                }
                remaining = remaining.minus(available);
                cursor = interval.end();
            }
        }
        throw new IllegalStateException("calendar " + calendarId + ": " + amount + " of working time from " + start
                + " does not run out within " + MAX_DAYS + " days");
    }

    /**
     * The working time inside {@code [from, to)}; zero if {@code to} is not after {@code from}. The inverse of
     * {@link #addWorkingTime}: {@code workingTimeBetween(s, addWorkingTime(s, d))} is {@code d}.
     *
     * @throws IllegalArgumentException if the range spans more than about ten years of calendar days
     */
    public Duration workingTimeBetween(Instant from, Instant to) {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (!to.isAfter(from)) {
            return Duration.ZERO;
        }
        if (always) {
            return Duration.between(from, to);
        }
        LocalDate first = from.atZone(zone).toLocalDate().minusDays(1);
        LocalDate last = to.atZone(zone).toLocalDate();
        // One day more than addWorkingTime scans: its answer may be the midnight that ends its last day.
        if (first.plusDays(MAX_DAYS + 1).isBefore(last)) {
            throw new IllegalArgumentException("calendar " + calendarId + ": range " + from + " to " + to
                    + " spans more than " + MAX_DAYS + " days");
        }
        Duration total = Duration.ZERO;
        Instant cursor = from;
        for (LocalDate day = first; !day.isAfter(last); day = day.plusDays(1)) {
            for (Interval interval : intervalsOn(day)) {
                Instant start = max(interval.start(), cursor);
                Instant end = interval.end().isBefore(to) ? interval.end() : to;
                if (end.isAfter(start)) {
                    total = total.plus(Duration.between(start, end));
                    cursor = end;
                }
            }
        }
        return total;
    }

    @Override
    public String toString() {
        return always ? "BusinessCalendar[" + calendarId + "]" : "BusinessCalendar[" + calendarId + ", " + zone + "]";
    }

    /**
     * The working time of one date as instant ranges, sorted and merged. Sorting and merging matter only on DST
     * days, where a wall-clock time inside the gap maps to an instant after a later wall-clock time.
     */
    private List<Interval> intervalsOn(LocalDate date) {
        Period[] day = periods[date.getDayOfWeek().ordinal()];
        if (day.length == 0 || holidays.contains(date)) {
            return List.of();
        }
        List<Interval> intervals = new ArrayList<>(day.length);
        for (Period period : day) {
            Instant start = ZonedDateTime.of(date, period.from(), zone).toInstant();
            Instant end = period.endsAtMidnight()
                    ? ZonedDateTime.of(date.plusDays(1), LocalTime.MIDNIGHT, zone).toInstant()
                    : ZonedDateTime.of(date, period.to(), zone).toInstant();
            if (end.isAfter(start)) {
                intervals.add(new Interval(start, end));
            }
        }
        if (intervals.size() < 2) {
            return intervals;
        }
        intervals.sort(Comparator.comparing(Interval::start));
        List<Interval> merged = new ArrayList<>(intervals.size());
        Interval current = intervals.get(0);
        for (Interval next : intervals.subList(1, intervals.size())) {
            if (next.start().isAfter(current.end())) {
                merged.add(current);
                current = next;
            } else {
                current = new Interval(current.start(), max(current.end(), next.end()));
            }
        }
        merged.add(current);
        return merged;
    }

    private IllegalStateException noWorkingTime(Instant instant) {
        return new IllegalStateException("calendar " + calendarId + ": no working time within " + MAX_DAYS
                + " days after " + instant);
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    /** A working period as wall-clock times; a {@code to} of 00:00 is midnight at the end of the day. */
    private record Period(LocalTime from, LocalTime to) {

        boolean endsAtMidnight() {
            return LocalTime.MIDNIGHT.equals(to);
        }

        boolean isWellFormed() {
            return endsAtMidnight() || to.isAfter(from);
        }

        /** Adjacent periods (09:00-12:00, 12:00-17:00) do not overlap: {@code to} is exclusive. */
        boolean overlaps(Period other) {
            return from.isBefore(other.endOfDayAware()) && other.from.isBefore(endOfDayAware());
        }

        /**
         * {@code to} for comparisons, with 00:00 read as the end of the day. {@link LocalTime#MAX} stands in for
         * 24:00; nothing can start at or after it, so it compares the same.
         */
        private LocalTime endOfDayAware() {
            return endsAtMidnight() ? LocalTime.MAX : to;
        }
    }

    /** Working time as an instant range, start inclusive, end exclusive. */
    private record Interval(Instant start, Instant end) {

        boolean contains(Instant instant) {
            return !instant.isBefore(start) && instant.isBefore(end);
        }
    }
}
