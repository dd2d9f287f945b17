package io.kept.analytics;

import io.kept.events.EventJson;
import io.kept.events.EventPayload;
import io.kept.events.EventType;
import io.kept.events.Topics;
import io.kept.events.TrustBudget;
import io.kept.events.customer.CustomerReturned;
import io.kept.events.followup.FollowUpCompleted;
import io.kept.events.followup.FollowUpKind;
import io.kept.events.followup.FollowUpMissed;
import io.kept.events.followup.FollowUpScheduled;
import io.kept.events.guarantee.GuaranteeDefined;
import io.kept.events.guarantee.GuaranteeRevised;
import io.kept.events.promise.BreachCause;
import io.kept.events.promise.FailureCategory;
import io.kept.events.promise.PromiseBroken;
import io.kept.events.promise.PromiseCancelled;
import io.kept.events.promise.PromiseKept;
import io.kept.events.promise.PromiseMade;
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
import io.kept.eventstore.StoredEvent;
import io.kept.eventstore.StreamId;
import io.kept.eventstore.outbox.CloudEventRecords;
import io.kept.testkit.KafkaResource;
import io.kept.testkit.TopicWriter;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * A day of Kept, Monday 2026-03-02 (UTC), as the three services would publish it. The expected
 * numbers in the tests are worked out by hand from this script.
 *
 * <pre>
 * guarantees: delivery (objective 0.9), clean (objective 0.8, defined only after its promises arrive)
 * p1 delivery ann  logistics 08:00 due 12:00  kept 10:00
 * p2 delivery bob  logistics 08:30 due 12:30  kept 13:00, late
 * p3 delivery cat  support   09:00 due 13:00  broken 11:00 breakdown major -> r3 ack 11:20, diagnosed
 *                                             "van maintenance", resolved 13:00 with 20 EUR;
 *                                             f3a satisfaction-check due 15:00 completed (satisfied, 5),
 *                                             f3b check-in due 03-05 scheduled; cat came back 18:00
 * p4 clean    dan  support   10:00 due 11:00  deadline missed 11:00 inefficiency minor -> r4 ack 13:30
 * p5 clean    dan  -         12:00 due 16:00  open
 * p6 delivery dan  logistics 14:00 due 18:00  broken 15:00 breakdown minor -> r6 repeat failure, escalated,
 *                                             diagnosed "Van maintenance ", abandoned; f6 check-in due 03-05 missed
 * p7 delivery ann  -         16:00 due 20:00  cancelled 16:30; ann came back 17:00
 * </pre>
 */
public final class ScriptedDay {

    /** The topics analytics consumes and their dead letters: what every analytics test family starts empty. */
    public static final String TOPICS = Topics.PROMISE_EVENTS + "," + Topics.RECOVERY_EVENTS + "," + Topics.FOLLOWUP_EVENTS
            + "," + Topics.PROMISE_EVENTS + ".dlq," + Topics.RECOVERY_EVENTS + ".dlq," + Topics.FOLLOWUP_EVENTS + ".dlq";

    static final Instant DAY = Instant.parse("2026-03-02T00:00:00Z");

    private final List<ProducerRecord<String, byte[]>> records = new ArrayList<>();

    static Instant at(String hhmm) {
        return Instant.parse("2026-03-02T" + hhmm + ":00Z");
    }

    public ScriptedDay() {
        this(true);
    }

    /** One more promise after the day: p8 delivery eve logistics 17:00 due 21:00, open. */
    static ScriptedDay onePromiseMore() {
        ScriptedDay more = new ScriptedDay(false);
        more.made("p8", "delivery", "eve", "logistics", "17:00", "21:00");
        return more;
    }

    /**
     * The evening after the day, for the burn rates: guarantee burn (objective 0.99, a budget of 1 %), fay's promises
     * b1-b5 made 18:00 due 21:00; b1-b4 kept in time at 19:00, 19:20, 19:40 and 19:50; b5 broken 19:58 (mistake,
     * minor), no recovery.
     */
    static ScriptedDay burningEvening() {
        ScriptedDay evening = new ScriptedDay(false);
        evening.guarantee("burn", 0.99);
        String[] kept = {"19:00", "19:20", "19:40", "19:50"};
        for (int i = 1; i <= 5; i++) {
            evening.made("b" + i, "burn", "fay", null, "18:00", "21:00");
        }
        for (int i = 1; i <= 4; i++) {
            evening.add("b" + i, new PromiseKept("b" + i, at(kept[i - 1]), false), at(kept[i - 1]));
        }
        evening.add("b5", new PromiseBroken("b5", at("19:58"), BreachCause.REPORTED, FailureCategory.MISTAKE, Severity.MINOR,
                true, null), at("19:58"));
        return evening;
    }

    /**
     * A week in March with a guarantee that names its own trust budget, for {@link OwnTrustBudgetIT}: repair (objective
     * 0.9, its own budget of 2 failures in 7 days) and delivery (0.9, the configured budget). Each promise is made at
     * 08:00 of its day and due 09:00.
     * <pre>
     * gus: g1 repair broken 03-10 10:00; g2 repair kept late 03-11 10:00; g3 delivery broken 03-12 10:00
     * hal: h1, h2, h3 repair broken 03-10, 03-11, 03-12 at 11:00
     * ivy: i1 delivery kept in time 03-10 08:30
     * </pre>
     */
    static ScriptedDay ownTrustBudget() {
        ScriptedDay week = new ScriptedDay(false);
        week.add("repair", new GuaranteeDefined("repair", "repair", "problem", "promise", Duration.ofHours(1), "24x7", 0.9,
                0.8, 1, new TrustBudget(2, Duration.ofDays(7))), DAY);
        week.guarantee("delivery", 0.9);
        week.failed("g1", "repair", "gus", "2026-03-10", "10:00", false);
        week.failed("g2", "repair", "gus", "2026-03-11", "10:00", true);
        week.failed("g3", "delivery", "gus", "2026-03-12", "10:00", false);
        week.failed("h1", "repair", "hal", "2026-03-10", "11:00", false);
        week.failed("h2", "repair", "hal", "2026-03-11", "11:00", false);
        week.failed("h3", "repair", "hal", "2026-03-12", "11:00", false);
        Instant made = Instant.parse("2026-03-10T08:00:00Z");
        week.made("i1", "delivery", "ivy", null, made, made.plusSeconds(3600));
        week.add("i1", new PromiseKept("i1", made.plusSeconds(1800), false), made.plusSeconds(1800));
        return week;
    }

    /** repair revised to version 2, which shares the configured budget again. */
    static ScriptedDay repairSharesTheConfiguredBudget() {
        ScriptedDay revision = new ScriptedDay(false);
        revision.add("repair", new GuaranteeRevised("repair", "repair", "problem", "promise", Duration.ofHours(1), "24x7",
                0.9, 0.8, 2, null), Instant.parse("2026-03-13T00:00:00Z"));
        return revision;
    }

    /** A promise made at 08:00 of {@code date}, due 09:00, then broken (or kept late) at {@code hhmm}. */
    private void failed(String id, String guarantee, String customer, String date, String hhmm, boolean keptLate) {
        Instant made = Instant.parse(date + "T08:00:00Z");
        Instant at = Instant.parse(date + "T" + hhmm + ":00Z");
        made(id, guarantee, customer, null, made, made.plusSeconds(3600));
        add(id, keptLate ? new PromiseKept(id, at, true)
                : new PromiseBroken(id, at, BreachCause.DEADLINE_MISSED, FailureCategory.MISTAKE, Severity.MINOR, null, null), at);
    }

    private ScriptedDay(boolean wholeDay) {
        if (!wholeDay) {
            return;
        }
        guarantee("delivery", 0.9);
        made("p1", "delivery", "ann", "logistics", "08:00", "12:00");
        made("p2", "delivery", "bob", "logistics", "08:30", "12:30");
        made("p3", "delivery", "cat", "support", "09:00", "13:00");
        made("p4", "clean", "dan", "support", "10:00", "11:00");
        made("p5", "clean", "dan", null, "12:00", "16:00");
        made("p6", "delivery", "dan", "logistics", "14:00", "18:00");
        made("p7", "delivery", "ann", null, "16:00", "20:00");
        add("p1", new PromiseKept("p1", at("10:00"), false), at("10:00"));
        add("p2", new PromiseKept("p2", at("13:00"), true), at("13:00"));
        add("p3", new PromiseBroken("p3", at("11:00"), BreachCause.REPORTED, FailureCategory.BREAKDOWN, Severity.MAJOR,
                false, "van broke down"), at("11:00"));
        add("p4", new PromiseBroken("p4", at("11:00"), BreachCause.DEADLINE_MISSED, FailureCategory.INEFFICIENCY,
                Severity.MINOR, null, null), at("11:00"));
        add("p6", new PromiseBroken("p6", at("15:00"), BreachCause.REPORTED, FailureCategory.BREAKDOWN, Severity.MINOR,
                true, null), at("15:00"));
        add("p7", new PromiseCancelled("p7", at("16:30"), "order withdrawn"), at("16:30"));

        add("r3", new RecoveryOpened("r3", "p3", "cat", "delivery", Severity.MAJOR, 0, true, at("11:00"), at("12:00"),
                at("11:00").plus(Duration.ofDays(1))), at("11:00"));
        add("r3", new RecoveryAcknowledged("r3", at("11:20"), "agent-7", "Sorry"), at("11:20"));
        add("r3", new RecoveryDiagnosed("r3", at("11:40"), "needs it for a party", "van maintenance", null), at("11:40"));
        add("r3", new RecoveryResolved("r3", at("13:00"), "courier", new Compensation(CompensationKind.CREDIT,
                new BigDecimal("20.00"), "EUR"), null, null, true, null), at("13:00"));
        add("r4", new RecoveryOpened("r4", "p4", "dan", "clean", Severity.MINOR, 0, true, at("11:00"), at("15:00"),
                at("11:00").plus(Duration.ofDays(2))), at("11:00"));
        add("r4", new RecoveryAcknowledged("r4", at("13:30"), "agent-2", "Sorry"), at("13:30"));
        add("r6", new RecoveryOpened("r6", "p6", "dan", "delivery", Severity.MINOR, 1, false, at("15:00"), at("19:00"),
                at("15:00").plus(Duration.ofDays(2))), at("15:00"));
        add("r6", new RecoveryEscalated("r6", at("15:00"), EscalationReason.REPEAT_FAILURE, "second failure"), at("15:00"));
        add("r6", new RecoveryDiagnosed("r6", at("15:30"), "the van again", "Van maintenance ", null), at("15:30"));
        add("r6", new RecoveryAbandoned("r6", at("16:00"), "customer unreachable", null), at("16:00"));

        add("f3a", new FollowUpScheduled("f3a", "r3", "cat", FollowUpKind.SATISFACTION_CHECK, at("15:00"), "delivery",
                at("13:00")), at("13:00"));
        add("f3b", new FollowUpScheduled("f3b", "r3", "cat", FollowUpKind.CHECK_IN,
                Instant.parse("2026-03-05T13:00:00Z"), "delivery", at("13:00")), at("13:00"));
        add("f3a", new FollowUpCompleted("f3a", at("15:00"), true, 5, true, "great", null), at("15:00"));
        add("f6", new FollowUpScheduled("f6", "r6", "dan", FollowUpKind.CHECK_IN,
                Instant.parse("2026-03-05T16:00:00Z"), "delivery", at("16:00")), at("16:00"));
        add("f6", new FollowUpMissed("f6", Instant.parse("2026-03-05T17:00:00Z"), Instant.parse("2026-03-05T16:00:00Z")),
                Instant.parse("2026-03-05T17:00:00Z"));
        add("cat", new CustomerReturned("cat", at("18:00"), "order-9"), at("18:00"));
        add("ann", new CustomerReturned("ann", at("17:00"), "order-8"), at("17:00"));
        // Arrives after the promises that name it.
        guarantee("clean", 0.8);
    }

    private void guarantee(String id, double objective) {
        add(id, new GuaranteeDefined(id, id, "problem", "promise", Duration.ofHours(4), "24x7", objective, 0.8, 1, null), DAY);
    }

    private void made(String id, String guarantee, String customer, String team, String made, String due) {
        made(id, guarantee, customer, team, at(made), at(due));
    }

    private void made(String id, String guarantee, String customer, String team, Instant made, Instant due) {
        add(id, new PromiseMade(id, guarantee, 1, customer, made, due, Duration.between(made, due), "web", team, null, 0.8),
                made);
    }

    private void add(String streamId, EventPayload payload, Instant time) {
        EventType type = EventType.of(payload);
        // Stable ids: publishing the day twice sends the same events again.
        UUID id = UUID.nameUUIDFromBytes((streamId + "/" + type.type() + "/" + records.size()).getBytes(StandardCharsets.UTF_8));
        try {
            records.add(CloudEventRecords.toRecord(new StoredEvent(0, StreamId.of(type.stream(), streamId), 1, id, type,
                    time, time, EventJson.mapper().writeValueAsString(payload), "{}")));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public void publish() {
        TopicWriter.publish(KafkaResource.broker().bootstrapServers(), records);
    }

    public int size() {
        return records.size();
    }

    /** The record keys of the day: its promise, recovery and follow-up ids. */
    public java.util.Set<String> keys() {
        return records.stream().map(ProducerRecord::key).collect(java.util.stream.Collectors.toSet());
    }
}
