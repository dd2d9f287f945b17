package io.kept.events;

import io.kept.events.calendar.CalendarDefined;
import io.kept.events.calendar.Weekday;
import io.kept.events.calendar.WorkingHours;
import io.kept.events.customer.CustomerReturned;
import io.kept.events.followup.FollowUpCancelled;
import io.kept.events.followup.FollowUpCompleted;
import io.kept.events.followup.FollowUpKind;
import io.kept.events.followup.FollowUpMissed;
import io.kept.events.followup.FollowUpScheduled;
import io.kept.events.guarantee.GuaranteeDefined;
import io.kept.events.guarantee.GuaranteeRetired;
import io.kept.events.guarantee.GuaranteeRevised;
import io.kept.events.promise.BreachCause;
import io.kept.events.promise.FailureCategory;
import io.kept.events.promise.PromiseAtRisk;
import io.kept.events.promise.PromiseBreachRetracted;
import io.kept.events.promise.PromiseBroken;
import io.kept.events.promise.PromiseCancelled;
import io.kept.events.promise.PromiseKept;
import io.kept.events.promise.PromiseMade;
import io.kept.events.promise.PromisePaused;
import io.kept.events.promise.PromiseResumed;
import io.kept.events.promise.Severity;
import io.kept.events.recovery.Compensation;
import io.kept.events.recovery.CompensationKind;
import io.kept.events.recovery.EscalationReason;
import io.kept.events.recovery.RecoveryAbandoned;
import io.kept.events.recovery.RecoveryAcknowledged;
import io.kept.events.recovery.RecoveryDiagnosed;
import io.kept.events.recovery.RecoveryEscalated;
import io.kept.events.recovery.RecoveryOpened;
import io.kept.events.recovery.RecoveryResolved;
import io.kept.events.recovery.RecoveryWithdrawn;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** One realistic payload per event type: a delivery promise that broke, was recovered and followed up. */
final class EventSamples {

    static final String GUARANTEE_ID = "next-day-delivery";
    static final String CALENDAR_ID = "berlin-office";
    static final String PROMISE_ID = "8d0c5b1e-2f6a-4c41-9a55-0d5c7e1f3a20";
    static final String RECOVERY_ID = "rec-8d0c5b1e";
    static final String FOLLOW_UP_ID = "fu-8d0c5b1e-satisfaction";
    static final String CUSTOMER_ID = "cust-4711";

    private static final Instant MADE = Instant.parse("2025-03-03T09:15:00Z");
    private static final Instant DUE = Instant.parse("2025-03-04T09:15:00Z");

    private EventSamples() {
    }

    static Map<EventType, EventPayload> all() {
        Map<EventType, EventPayload> samples = new EnumMap<>(EventType.class);
        add(samples, new GuaranteeDefined(GUARANTEE_ID, "Next-day delivery",
                "I need the part tomorrow to keep my machine running", "Delivered the next business day",
                Duration.ofHours(8), CALENDAR_ID, 0.98, 0.8, 1, null));
        add(samples, new GuaranteeRevised(GUARANTEE_ID, "Next-day delivery",
                "I need the part tomorrow to keep my machine running", "Delivered the next business day by noon",
                Duration.ofHours(6), CALENDAR_ID, 0.99, 0.75, 2, new TrustBudget(2, Duration.ofDays(30))));
        add(samples, new GuaranteeRetired(GUARANTEE_ID, Instant.parse("2025-06-30T16:00:00Z"), "Replaced by same-day"));
        add(samples, new CalendarDefined(CALENDAR_ID, ZoneId.of("Europe/Berlin"), officeHours(),
                List.of(LocalDate.of(2025, 4, 21), LocalDate.of(2025, 12, 25))));
        add(samples, new PromiseMade(PROMISE_ID, GUARANTEE_ID, 1, CUSTOMER_ID, MADE, DUE, Duration.ofHours(8),
                "web", "logistics", "agent-17", 0.8));
        add(samples, new PromisePaused(PROMISE_ID, Instant.parse("2025-03-03T10:00:00Z"), "Waiting for the address"));
        add(samples, new PromiseResumed(PROMISE_ID, Instant.parse("2025-03-03T11:00:00Z"),
                Instant.parse("2025-03-04T10:15:00Z")));
        add(samples, new PromiseAtRisk(PROMISE_ID, Instant.parse("2025-03-04T08:39:00Z"), DUE));
        add(samples, new PromiseKept(PROMISE_ID, Instant.parse("2025-03-04T09:40:00Z"), true));
        add(samples, new PromiseBroken(PROMISE_ID, Instant.parse("2025-03-04T09:16:00Z"), BreachCause.DEADLINE_MISSED,
                FailureCategory.BREAKDOWN, Severity.MAJOR, null, "Van broke down"));
        add(samples, new PromiseBreachRetracted(PROMISE_ID, Instant.parse("2025-03-04T12:00:00Z"),
                Instant.parse("2025-03-04T09:10:00Z"), "Delivery scan arrived late"));
        add(samples, new PromiseCancelled(PROMISE_ID, Instant.parse("2025-03-03T12:00:00Z"), null));
        add(samples, new RecoveryOpened(RECOVERY_ID, PROMISE_ID, CUSTOMER_ID, GUARANTEE_ID, Severity.MAJOR, 0, true,
                Instant.parse("2025-03-04T09:16:01Z"), Instant.parse("2025-03-04T10:16:01Z"),
                Instant.parse("2025-03-05T09:16:01Z")));
        add(samples, new RecoveryAcknowledged(RECOVERY_ID, Instant.parse("2025-03-04T09:45:00Z"), "agent-17",
                "We are sorry: your part did not arrive as promised."));
        add(samples, new RecoveryDiagnosed(RECOVERY_ID, Instant.parse("2025-03-04T10:00:00Z"),
                "Production line stands still until the part arrives", null, "agent-17"));
        add(samples, new RecoveryResolved(RECOVERY_ID, Instant.parse("2025-03-04T13:30:00Z"),
                "Courier delivered the part",
                new Compensation(CompensationKind.REFUND, new BigDecimal("25.00"), "EUR"),
                "Technician on site for the installation", "lead-3", true, "agent-17"));
        add(samples, new RecoveryEscalated(RECOVERY_ID, Instant.parse("2025-03-04T09:16:01Z"),
                EscalationReason.REPEAT_FAILURE, "2 failures in the last 365 days"));
        add(samples, new RecoveryAbandoned(RECOVERY_ID, Instant.parse("2025-03-06T09:00:00Z"), "Customer unreachable", "agent-17"));
        add(samples, new RecoveryWithdrawn(RECOVERY_ID, Instant.parse("2025-03-04T12:00:01Z"), "Breach retracted"));
        add(samples, new FollowUpScheduled(FOLLOW_UP_ID, RECOVERY_ID, CUSTOMER_ID, FollowUpKind.SATISFACTION_CHECK,
                Instant.parse("2025-03-04T15:30:00Z"), GUARANTEE_ID, Instant.parse("2025-03-04T13:30:00Z")));
        add(samples, new FollowUpCompleted(FOLLOW_UP_ID, Instant.parse("2025-03-04T15:10:00Z"), true, 5, true,
                "Fast courier, very kind", "agent-22"));
        add(samples, new FollowUpMissed(FOLLOW_UP_ID, Instant.parse("2025-03-04T15:31:00Z"),
                Instant.parse("2025-03-04T15:30:00Z")));
        add(samples, new FollowUpCancelled(FOLLOW_UP_ID, Instant.parse("2025-03-04T14:00:00Z"),
                "Customer asked not to be called", "agent-22"));
        add(samples, new CustomerReturned(CUSTOMER_ID, Instant.parse("2025-04-02T08:00:00Z"), "order-99812"));
        return Collections.unmodifiableMap(samples);
    }

    static EventPayload of(EventType type) {
        return all().get(type);
    }

    private static void add(Map<EventType, EventPayload> samples, EventPayload payload) {
        samples.put(EventType.of(payload), payload);
    }

    private static Map<Weekday, List<WorkingHours>> officeHours() {
        Map<Weekday, List<WorkingHours>> hours = new EnumMap<>(Weekday.class);
        List<WorkingHours> day = List.of(
                new WorkingHours(LocalTime.of(8, 0), LocalTime.of(12, 0)),
                new WorkingHours(LocalTime.of(13, 0), LocalTime.of(17, 30)));
        for (Weekday weekday : List.of(Weekday.MONDAY, Weekday.TUESDAY, Weekday.WEDNESDAY, Weekday.THURSDAY)) {
            hours.put(weekday, day);
        }
        hours.put(Weekday.FRIDAY, List.of(new WorkingHours(LocalTime.of(8, 0), LocalTime.of(14, 0))));
        return hours;
    }
}
