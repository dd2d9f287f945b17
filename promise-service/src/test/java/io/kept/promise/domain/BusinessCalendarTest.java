package io.kept.promise.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kept.events.FieldError;
import io.kept.events.calendar.CalendarDefined;
import io.kept.events.calendar.Weekday;
import io.kept.events.calendar.WorkingHours;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Dates used below (2026): 1 June is a Monday (Berlin on CEST, +02:00, all month); Good Friday is 3 April and
 * Easter Monday 6 April; Whit Monday is 25 May; Berlin springs forward on Sunday 29 March (02:00 CET becomes
 * 03:00 CEST) and falls back on Sunday 25 October (03:00 CEST becomes 02:00 CET).
 */
class BusinessCalendarTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    /** Mon-Fri 09:00-17:00: 8 working hours a day. */
    private static final BusinessCalendar OFFICE = BusinessCalendar.of(weekdays("office", List.of(), "09:00", "17:00"));

    /** Mon-Fri 09:00-12:00 and 13:00-17:00: 7 working hours a day. */
    private static final BusinessCalendar LUNCH = BusinessCalendar.of(
            weekdays("lunch", List.of(), "09:00", "12:00", "13:00", "17:00"));

    /** Every hour of every day, in Berlin, so DST changes the length of a day. */
    private static final BusinessCalendar ALL_DAY = BusinessCalendar.of(allDays("all-day"));

    /** Office hours with Whit Monday (25 May) a holiday. */
    private static final BusinessCalendar WHIT_MONDAY = BusinessCalendar.of(
            weekdays("de", List.of(LocalDate.parse("2026-05-25")), "09:00", "17:00"));

    /** Office hours with Good Friday (3 April) and Easter Monday (6 April) holidays. */
    private static final BusinessCalendar EASTER = BusinessCalendar.of(weekdays("de",
            List.of(LocalDate.parse("2026-04-03"), LocalDate.parse("2026-04-06")), "09:00", "17:00"));

    /** The calendars of the tables below, by the name their rows give. */
    private static final Map<String, BusinessCalendar> CALENDARS = Map.of(
            "office", OFFICE, "lunch", LUNCH, "whit-monday", WHIT_MONDAY, "easter", EASTER);

    // --- addWorkingTime ------------------------------------------------------------------------------------------

    /** Berlin wall-clock times; the comment above each case is the arithmetic that gives its due time. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            # Mon 10:00 + 4h, all before 17:00 -> Mon 14:00.
            made inside hours is due the same day | office | 2026-06-01T10:00 | PT4H | 2026-06-01T14:00
            # Mon 09:00 + 8h uses the whole day -> Mon 17:00 (not Tue 09:00).
            target ending at closing time is due at closing time, not at the next opening | office | 2026-06-01T09:00 | PT8H | 2026-06-01T17:00
            # Mon 16:00-17:00 = 1h, 3h left; Tue 09:00 + 3h -> Tue 12:00.
            made at four with four hours is due next day at noon | office | 2026-06-01T16:00 | PT4H | 2026-06-02T12:00
            # Sat 10:00 is not working; counting starts Mon 09:00; + 2h -> Mon 11:00.
            made outside hours on Saturday is counted from Monday opening | office | 2026-06-06T10:00 | PT2H | 2026-06-08T11:00
            # Mon 07:30 -> counting starts Mon 09:00; + 1h30 -> Mon 10:30.
            made before opening is counted from opening | office | 2026-06-01T07:30 | PT1H30M | 2026-06-01T10:30
            # Fri 16:30-17:00 = 30min, 1h30 left; Sat, Sun skipped; Mon 09:00 + 1h30 -> Mon 10:30.
            made Friday at half past four with two hours skips the weekend | office | 2026-06-05T16:30 | PT2H | 2026-06-08T10:30
            # Mon 06-01 09:00 + 50h: Mon-Fri = 5 x 8h = 40h, 10h left; Mon 06-08 = 8h, 2h left;
            # Tue 06-09 09:00 + 2h -> Tue 06-09 11:00.
            target longer than a week spans two weekends | office | 2026-06-01T09:00 | PT50H | 2026-06-09T11:00
            # Mon 16:59:59 + 1.5s: 1s on Monday, 0.5s left -> Tue 09:00:00.5.
            amount with seconds and nanos is counted exactly | office | 2026-06-01T16:59:59 | PT1.5S | 2026-06-02T09:00:00.500
            # Fri 05-22 16:00-17:00 = 1h, 3h left; Sat, Sun, Mon 05-25 (holiday) skipped;
            # Tue 05-26 09:00 + 3h -> Tue 12:00.
            holiday on Monday is skipped | whit-monday | 2026-05-22T16:00 | PT4H | 2026-05-26T12:00
            # Without the holiday it would have been Mon 12:00.
            without the holiday it is due on Monday | office | 2026-05-22T16:00 | PT4H | 2026-05-25T12:00
            # Thu 04-02 15:00-17:00 = 2h, 9h left; Fri (Good Friday), Sat, Sun, Mon (Easter Monday) skipped;
            # Tue 04-07 = 8h, 1h left; Wed 04-08 09:00 + 1h -> Wed 10:00.
            Easter Friday and Monday are both skipped | easter | 2026-04-02T15:00 | PT11H | 2026-04-08T10:00
            # Mon 05-25 10:00 is a holiday; counting starts Tue 09:00; + 1h -> Tue 10:00.
            made on a holiday is counted from the next working day | whit-monday | 2026-05-25T10:00 | PT1H | 2026-05-26T10:00
            # Mon 10:00-12:00 = 2h, 2h left; 12:00-13:00 lunch; 13:00 + 2h -> Mon 15:00.
            lunch break is skipped | lunch | 2026-06-01T10:00 | PT4H | 2026-06-01T15:00
            # Mon 12:30 is lunch; counting starts 13:00; + 1h -> Mon 14:00.
            made during lunch is counted from the afternoon opening | lunch | 2026-06-01T12:30 | PT1H | 2026-06-01T14:00
            # Mon 09:00 + 3h = the whole morning -> Mon 12:00 (the end of the period, not 13:00).
            target ending at lunch is due at the start of lunch | lunch | 2026-06-01T09:00 | PT3H | 2026-06-01T12:00
            """)
    void addsWorkingTimeOnTheWallClock(String behaviour, String calendar, String start, Duration amount, String due) {
        assertThat(local(CALENDARS.get(calendar).addWorkingTime(berlin(start), amount))).isEqualTo(due);
    }

    // --- periods ending at midnight ------------------------------------------------------------------------------

    @Test
    void periodEndingAtMidnightRunsIntoTheNextDaysPeriod() {
        // A night shift: Mon 20:00-24:00 (written 00:00) and Tue 00:00-02:00.
        BusinessCalendar night = BusinessCalendar.of(calendar("night", BERLIN, Map.of(
                Weekday.MONDAY, List.of(hours("20:00", "00:00")),
                Weekday.TUESDAY, List.of(hours("00:00", "02:00"))), List.of()));
        // Mon 23:00-24:00 = 1h, 1h left; Tue 00:00 + 1h -> Tue 01:00.
        Instant due = night.addWorkingTime(berlin("2026-06-01T23:00"), Duration.ofHours(2));

        assertThat(local(due)).isEqualTo("2026-06-02T01:00");
        assertThat(night.isWorking(berlin("2026-06-01T23:59:59.999999999"))).isTrue();
        assertThat(night.isWorking(berlin("2026-06-02T00:00"))).isTrue();
        // Mon 20:00-24:00 + Tue 00:00-02:00 = 6h.
        assertThat(night.workingTimeBetween(berlin("2026-06-01T00:00"), berlin("2026-06-03T00:00")))
                .isEqualTo(Duration.ofHours(6));
    }

    // --- DST -----------------------------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            # Sat 03-28 12:00 CET (11:00Z) + 24h: to midnight 12h (Sun 00:00 CET = 23:00Z Sat), 12h left;
            # 23:00Z + 12h = 11:00Z Sun = 13:00 CEST. The wall clock shows 25h, the world experienced 24h.
            spring forward | 2026-03-28T12:00+01:00 | 2026-03-29T13:00+02:00
            # Sat 10-24 12:00 CEST (10:00Z) + 24h: to midnight 12h (Sun 00:00 CEST = 22:00Z Sat), 12h left;
            # 22:00Z + 12h = 10:00Z Sun = 11:00 CET. The wall clock shows 23h, the world experienced 24h.
            fall back | 2026-10-24T12:00+02:00 | 2026-10-25T11:00+01:00
            """)
    void clockChangeNightCountsRealElapsedTime(String change, String start, String due) {
        Instant added = ALL_DAY.addWorkingTime(at(start), Duration.ofHours(24));

        assertThat(added).isEqualTo(at(due));
        assertThat(added).isEqualTo(at(start).plus(Duration.ofHours(24)));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            # Sun 03-29 00:00 CET (23:00Z Sat) to Mon 03-30 00:00 CEST (22:00Z Sun) = 23h.
            spring forward day is 23 hours long | 2026-03-29T00:00+01:00 | 2026-03-30T00:00+02:00 | PT23H
            # Sun 10-25 00:00 CEST (22:00Z Sat) to Mon 10-26 00:00 CET (23:00Z Sun) = 25h.
            fall back day is 25 hours long | 2026-10-25T00:00+02:00 | 2026-10-26T00:00+01:00 | PT25H
            """)
    void clockChangeDayHasItsRealLength(String behaviour, String from, String to, Duration length) {
        assertThat(ALL_DAY.workingTimeBetween(at(from), at(to))).isEqualTo(length);
    }

    @Test
    void officeHoursFollowTheWallClockAcrossTheSpringForwardWeekend() {
        // Fri 03-27 16:00 CET: 1h Friday, 1h left; Mon 03-30 opens 09:00 CEST -> 10:00 CEST (08:00Z).
        Instant due = OFFICE.addWorkingTime(at("2026-03-27T16:00+01:00"), Duration.ofHours(2));

        assertThat(due).isEqualTo(at("2026-03-30T10:00+02:00"));
    }

    @Test
    void periodsAcrossTheClockChangeLastTheirRealLength() {
        // Sundays 01:00-04:00 and 02:00-03:00 (two calendars).
        BusinessCalendar early = BusinessCalendar.of(calendar("early", BERLIN,
                Map.of(Weekday.SUNDAY, List.of(hours("01:00", "04:00"))), List.of()));
        BusinessCalendar twoToThree = BusinessCalendar.of(calendar("two", BERLIN,
                Map.of(Weekday.SUNDAY, List.of(hours("02:00", "03:00"))), List.of()));

        // 03-29: 01:00 CET (00:00Z) to 04:00 CEST (02:00Z) = 2h.
        assertThat(early.workingTimeBetween(berlinDay("2026-03-29"), berlinDay("2026-03-30")))
                .isEqualTo(Duration.ofHours(2));
        // 10-25: 01:00 CEST (23:00Z Sat) to 04:00 CET (03:00Z) = 4h.
        assertThat(early.workingTimeBetween(berlinDay("2026-10-25"), berlinDay("2026-10-26")))
                .isEqualTo(Duration.ofHours(4));
        // 03-29: 02:00 does not exist and moves to 03:00 CEST (01:00Z), the same instant as 03:00 -> nothing.
        assertThat(twoToThree.workingTimeBetween(berlinDay("2026-03-29"), berlinDay("2026-03-30")))
                .isZero();
        // 10-25: 02:00 happens twice and takes the earlier offset, 02:00 CEST (00:00Z), to 03:00 CET (02:00Z) = 2h.
        assertThat(twoToThree.workingTimeBetween(berlinDay("2026-10-25"), berlinDay("2026-10-26")))
                .isEqualTo(Duration.ofHours(2));
        // ... and the counting skips the empty Sunday: Sun 03-29 00:00 + 1h -> Sun 04-05 03:00 CEST (01:00Z).
        assertThat(twoToThree.addWorkingTime(berlinDay("2026-03-29"), Duration.ofHours(1)))
                .isEqualTo(at("2026-04-05T03:00+02:00"));
    }

    // --- amounts -------------------------------------------------------------------------------------------------

    @Test
    void zeroAmountLeavesStartUnchangedEvenOutsideWorkingTime() {
        Instant saturday = berlin("2026-06-06T10:00");

        assertThat(OFFICE.addWorkingTime(saturday, Duration.ZERO)).isEqualTo(saturday);
        assertThat(OFFICE.addWorkingTime(berlin("2026-06-01T10:00"), Duration.ZERO))
                .isEqualTo(berlin("2026-06-01T10:00"));
    }

    @Test
    void negativeAmountIsRefused() {
        assertThatThrownBy(() -> OFFICE.addWorkingTime(berlin("2026-06-01T10:00"), Duration.ofMinutes(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("negative");
    }

    @Test
    void amountThatDoesNotRunOutWithinTenYearsGivesUp() {
        // 20 years of round-the-clock hours can't fit into 8h weekdays within 10 years.
        assertThatThrownBy(() -> OFFICE.addWorkingTime(berlin("2026-06-01T10:00"), Duration.ofDays(20 * 365)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("office");
    }

    @Test
    void alwaysIsPlainAddition() {
        Instant start = at("2026-03-28T12:34:56.789+01:00");

        for (Duration amount : List.of(Duration.ZERO, Duration.ofNanos(1), Duration.ofHours(4), Duration.ofHours(50),
                Duration.ofDays(20 * 365))) {
            assertThat(BusinessCalendar.ALWAYS.addWorkingTime(start, amount)).isEqualTo(start.plus(amount));
        }
        assertThat(BusinessCalendar.ALWAYS.workingTimeBetween(start, start.plus(Duration.ofDays(40))))
                .isEqualTo(Duration.ofDays(40));
        assertThat(BusinessCalendar.ALWAYS.isWorking(start)).isTrue();
        assertThat(BusinessCalendar.ALWAYS.nextWorkingInstant(start)).isEqualTo(start);
        assertThat(BusinessCalendar.ALWAYS.zone()).isEqualTo(ZoneOffset.UTC);
        assertThat(BusinessCalendar.ALWAYS.calendarId()).isEqualTo(CalendarDefined.TWENTY_FOUR_SEVEN);
    }

    // --- workingTimeBetween --------------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            # Fri 06-05 15:00-17:00 = 2h; Sat, Sun nothing; Mon 06-08 09:00-11:00 = 2h -> 4h.
            skips the weekend | office | 2026-06-05T15:00 | 2026-06-08T11:00 | PT4H
            # Fri 05-22 16:00-17:00 = 1h; Sat, Sun, Mon (holiday) nothing; Tue 05-26 09:00-10:00 = 1h -> 2h.
            skips a holiday | whit-monday | 2026-05-22T16:00 | 2026-05-26T10:00 | PT2H
            # Without the holiday Monday adds 8h -> 10h.
            without the holiday Monday counts | office | 2026-05-22T16:00 | 2026-05-26T10:00 | PT10H
            # Mon 11:00-12:00 = 1h; 13:00-14:30 = 1h30 -> 2h30.
            skips lunch | lunch | 2026-06-01T11:00 | 2026-06-01T14:30 | PT2H30M
            """)
    void measuresWorkingTimeOnTheWallClock(String behaviour, String calendar, String from, String to, Duration working) {
        assertThat(CALENDARS.get(calendar).workingTimeBetween(berlin(from), berlin(to))).isEqualTo(working);
    }

    @Test
    void workingTimeBetweenIsZeroForAnEmptyOrBackwardRangeOrOutsideHours() {
        Instant monday = berlin("2026-06-01T10:00");

        assertThat(OFFICE.workingTimeBetween(monday, monday)).isZero();
        assertThat(OFFICE.workingTimeBetween(monday, monday.minusSeconds(60))).isZero();
        // Sat 10:00 to Sun 18:00: no working time.
        assertThat(OFFICE.workingTimeBetween(berlin("2026-06-06T10:00"), berlin("2026-06-07T18:00"))).isZero();
    }

    @Test
    void workingTimeBetweenRefusesRangesLongerThanTenYears() {
        assertThatThrownBy(() -> OFFICE.workingTimeBetween(berlin("2026-06-01T10:00"), berlin("2037-06-01T10:00")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    // --- isWorking and nextWorkingInstant at boundaries ----------------------------------------------------------

    @Test
    void periodStartIsWorkingAndPeriodEndIsNot() {
        assertThat(OFFICE.isWorking(berlin("2026-06-01T08:59:59.999999999"))).isFalse();
        assertThat(OFFICE.isWorking(berlin("2026-06-01T09:00"))).isTrue();
        assertThat(OFFICE.isWorking(berlin("2026-06-01T16:59:59.999999999"))).isTrue();
        assertThat(OFFICE.isWorking(berlin("2026-06-01T17:00"))).isFalse();
        assertThat(LUNCH.isWorking(berlin("2026-06-01T12:00"))).isFalse();
        assertThat(LUNCH.isWorking(berlin("2026-06-01T13:00"))).isTrue();
        assertThat(OFFICE.isWorking(berlin("2026-06-06T10:00"))).isFalse();
        assertThat(ALL_DAY.isWorking(at("2026-03-29T02:30+01:00"))).isTrue();
    }

    @Test
    void nextWorkingInstantIsTheInstantItselfWhenWorkingElseTheNextOpening() {
        assertThat(OFFICE.nextWorkingInstant(berlin("2026-06-01T09:00"))).isEqualTo(berlin("2026-06-01T09:00"));
        assertThat(OFFICE.nextWorkingInstant(berlin("2026-06-01T16:59"))).isEqualTo(berlin("2026-06-01T16:59"));
        // 17:00 is the end (exclusive) -> Tue 09:00.
        assertThat(OFFICE.nextWorkingInstant(berlin("2026-06-01T17:00"))).isEqualTo(berlin("2026-06-02T09:00"));
        assertThat(OFFICE.nextWorkingInstant(berlin("2026-06-01T06:00"))).isEqualTo(berlin("2026-06-01T09:00"));
        // Fri 17:00 -> Mon 09:00.
        assertThat(OFFICE.nextWorkingInstant(berlin("2026-06-05T17:00"))).isEqualTo(berlin("2026-06-08T09:00"));
        assertThat(LUNCH.nextWorkingInstant(berlin("2026-06-01T12:00"))).isEqualTo(berlin("2026-06-01T13:00"));
    }

    // --- validate ------------------------------------------------------------------------------------------------

    @Test
    void validCalendarsHaveNoErrors() {
        assertThat(BusinessCalendar.validate(weekdays("office", List.of(), "09:00", "17:00"))).isEmpty();
        assertThat(BusinessCalendar.validate(allDays("all-day"))).isEmpty();
        // Adjacent periods do not overlap (to is exclusive); 12:00-00:00 runs to the end of the day.
        assertThat(BusinessCalendar.validate(calendar("c", BERLIN, Map.of(Weekday.MONDAY,
                List.of(hours("09:00", "12:00"), hours("12:00", "00:00"))), List.of()))).isEmpty();
    }

    @Test
    void periodEndingAtOrBeforeItsStartIsRefusedNamingItsTo() {
        CalendarDefined definition = calendar("c", BERLIN, Map.of(
                Weekday.MONDAY, List.of(hours("09:00", "12:00"), hours("13:00", "12:30")),
                Weekday.TUESDAY, List.of(hours("09:00", "09:00"))), List.of());

        assertThat(BusinessCalendar.validate(definition)).extracting(FieldError::field)
                .containsExactly("hours.monday[1].to", "hours.tuesday[0].to");
        assertThat(BusinessCalendar.validate(definition).get(0).message()).contains("must be after from", "00:00");
    }

    @Test
    void overlappingPeriodsOfTheSameDayAreRefused() {
        CalendarDefined definition = calendar("c", BERLIN, Map.of(
                Weekday.MONDAY, List.of(hours("09:00", "17:00")),
                Weekday.TUESDAY, List.of(hours("13:00", "17:00"), hours("09:00", "13:30")),
                Weekday.WEDNESDAY, List.of(hours("00:00", "00:00"), hours("22:00", "23:00"))), List.of());

        assertThat(BusinessCalendar.validate(definition)).containsExactly(
                new FieldError("hours.tuesday[1]", "overlaps hours.tuesday[0] (13:00-17:00)"),
                new FieldError("hours.wednesday[1]", "overlaps hours.wednesday[0] (00:00-00:00)"));
    }

    @Test
    void calendarWithoutAnyWorkingPeriodIsRefused() {
        assertThat(BusinessCalendar.validate(calendar("c", BERLIN, Map.of(), List.of())))
                .containsExactly(new FieldError("hours", "must have at least one working period"));
        assertThat(BusinessCalendar.validate(calendar("c", BERLIN, Map.of(Weekday.MONDAY, List.of()), List.of())))
                .containsExactly(new FieldError("hours", "must have at least one working period"));
    }

    @Test
    void missingValuesAndTheReservedIdAreRefused() {
        CalendarDefined definition = new CalendarDefined(CalendarDefined.TWENTY_FOUR_SEVEN, null,
                Map.of(Weekday.FRIDAY, List.of(new WorkingHours(null, LocalTime.parse("17:00")))), null);

        assertThat(BusinessCalendar.validate(definition)).extracting(FieldError::field)
                .containsExactly("calendarId", "zone", "holidays", "hours.friday[0].from");
    }

    @Test
    void ofRefusesAnInvalidDefinitionNamingTheField() {
        CalendarDefined definition = calendar("bad", BERLIN,
                Map.of(Weekday.MONDAY, List.of(hours("09:00", "08:00"))), List.of());

        assertThatThrownBy(() -> BusinessCalendar.of(definition))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bad")
                .hasMessageContaining("hours.monday[0].to");
    }

    // --- properties ----------------------------------------------------------------------------------------------

    @Test
    void addingAndMeasuringWorkingTimeAreInverses() {
        BusinessCalendar holidays = BusinessCalendar.of(weekdays("holidays", List.of(
                LocalDate.parse("2026-04-03"), LocalDate.parse("2026-04-06"), LocalDate.parse("2026-05-25"),
                LocalDate.parse("2026-12-24"), LocalDate.parse("2026-12-25")), "09:00", "12:00", "13:00", "17:00"));
        Random random = new Random(20260329L);
        Instant yearStart = at("2026-01-01T00:00+01:00");

        for (BusinessCalendar calendar : List.of(OFFICE, LUNCH, ALL_DAY, holidays)) {
            for (int i = 0; i < 300; i++) {
                // Any second of 2026 (both DST changes included), amounts from 1s to about 3 working weeks.
                Instant start = yearStart.plusSeconds(random.nextInt(365 * 24 * 3600));
                Duration amount = Duration.ofSeconds(1 + random.nextInt(120 * 3600));
                String why = calendar + " from " + start + " + " + amount;

                Instant due = calendar.addWorkingTime(start, amount);

                assertThat(calendar.workingTimeBetween(start, due)).as(why).isEqualTo(amount);
                assertThat(calendar.isWorking(due) || calendar.isWorking(due.minusNanos(1)))
                        .as(why + " ends inside or at the end of a period, not at " + due).isTrue();
                Instant opening = calendar.nextWorkingInstant(start);
                assertThat(calendar.isWorking(opening)).as(why).isTrue();
                assertThat(calendar.workingTimeBetween(start, opening)).as(why).isZero();
                assertThat(calendar.addWorkingTime(opening, amount)).as(why).isEqualTo(due);
            }
        }
    }

    // --- helpers -------------------------------------------------------------------------------------------------

    private static CalendarDefined weekdays(String id, List<LocalDate> holidays, String... fromTo) {
        List<WorkingHours> periods = new ArrayList<>();
        for (int i = 0; i < fromTo.length; i += 2) {
            periods.add(hours(fromTo[i], fromTo[i + 1]));
        }
        Map<Weekday, List<WorkingHours>> hours = new EnumMap<>(Weekday.class);
        for (Weekday day : List.of(Weekday.MONDAY, Weekday.TUESDAY, Weekday.WEDNESDAY, Weekday.THURSDAY,
                Weekday.FRIDAY)) {
            hours.put(day, periods);
        }
        return calendar(id, BERLIN, hours, holidays);
    }

    private static CalendarDefined allDays(String id) {
        Map<Weekday, List<WorkingHours>> hours = new EnumMap<>(Weekday.class);
        for (Weekday day : Weekday.values()) {
            hours.put(day, List.of(hours("00:00", "00:00")));
        }
        return calendar(id, BERLIN, hours, List.of());
    }

    private static CalendarDefined calendar(String id, ZoneId zone, Map<Weekday, List<WorkingHours>> hours,
            List<LocalDate> holidays) {
        return new CalendarDefined(id, zone, hours, holidays);
    }

    private static WorkingHours hours(String from, String to) {
        return new WorkingHours(LocalTime.parse(from), LocalTime.parse(to));
    }

    /** A Berlin wall-clock time (only for times that exist exactly once). */
    private static Instant berlin(String localDateTime) {
        return LocalDateTime.parse(localDateTime).atZone(BERLIN).toInstant();
    }

    private static Instant berlinDay(String date) {
        return LocalDate.parse(date).atStartOfDay(BERLIN).toInstant();
    }

    private static Instant at(String offsetDateTime) {
        return OffsetDateTime.parse(offsetDateTime).toInstant();
    }

    private static LocalDateTime local(Instant instant) {
        return LocalDateTime.ofInstant(instant, BERLIN);
    }
}
