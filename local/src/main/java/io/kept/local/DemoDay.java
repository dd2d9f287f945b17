package io.kept.local;

import io.kept.events.TrustBudget;
import io.kept.events.promise.FailureCategory;
import io.kept.events.promise.Severity;
import io.kept.events.recovery.CompensationKind;
import java.math.BigDecimal;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The scripted day behind {@code ./kept demo}: five guarantees (one counted in business hours),
 * fifteen customers in the four recovery-paradox cohorts, and the stories of their promises over
 * the 24 hours before {@code now}: kept, kept late, reported broken, missed (left open for the
 * deadline watcher) or still open, and for each breach how the recovery went and what the customer
 * said afterwards. Pure data, no I/O: {@link Demo} posts it.
 *
 * <p>Guarantees and the calendar keep fixed ids (a PUT with the same body changes nothing);
 * customers and promises carry the run id, so every run adds a fresh day.
 */
public record DemoDay(String runId, Instant now, Calendar calendar, List<Guarantee> guarantees,
        List<Customer> customers, List<DemoPromise> promises, List<Return> returns) {

    /** promise-service's {@code kept.watchers.deadline.grace}: how long after its due time an open promise is broken. */
    public static final Duration WATCHER_GRACE = Duration.ofMinutes(1);

    public static final String CURRENCY = "EUR";

    /** The paradox cohorts of the {@code recovery_paradox} view. */
    public enum Cohort {
        NEVER_FAILED("never_failed"), RECOVERED("recovered"), NOT_RECOVERED("not_recovered"),
        REPEAT_FAILURE("repeat_failure");

        private final String value;

        Cohort(String value) {
            this.value = value;
        }

        public String value() {
            return value;
        }
    }

    /** What becomes of a promise. */
    public enum Outcome {
        /** Reported kept before its due time. */
        KEPT,
        /** Reported kept after its due time (counts as broken). */
        KEPT_LATE,
        /** Reported broken, with a category and severity. */
        REPORTED_BROKEN,
        /** Left open past its due time: the deadline watcher breaks it ({@code deadline-missed}). */
        MISSED,
        /** Still open at the end of the day. */
        OPEN
    }

    /** How far a recovery gets. */
    public enum RecoveryEnd {
        /** Nobody has touched it yet. */
        OPENED,
        /** Acknowledged (and diagnosed) but not resolved yet. */
        ACKNOWLEDGED,
        RESOLVED,
        ABANDONED
    }

    public record Period(LocalTime from, LocalTime to) {
    }

    public record Calendar(String id, ZoneId zone, Map<DayOfWeek, List<Period>> hours, List<LocalDate> holidays) {
    }

    /** @param trustBudget the guarantee's own trust budget, or null to share the configured one */
    public record Guarantee(String id, String code, String name, String customerProblem, String promise,
            Duration target, String calendar, double objective, String team, TrustBudget trustBudget) {

        public boolean twentyFourSeven() {
            return "24x7".equals(calendar);
        }
    }

    public record Customer(String id, String name, Cohort cohort) {
    }

    public record Breach(FailureCategory category, Severity severity, Boolean avoidable, String description) {
    }

    /** The customer's answer to the satisfaction check. */
    public record Answer(Instant at, boolean satisfied, int score, Boolean retained, String comment) {
    }

    /**
     * The recovery of one breach, with absolute business times. Steps after {@code end} are null;
     * {@code resolvedAt} is the abandonment time when the recovery is abandoned.
     */
    public record RecoveryScript(RecoveryEnd end, Instant acknowledgedAt, String by, String apology,
            Instant diagnosedAt, String customerProblem, String rootCause, Instant resolvedAt, String resolution,
            CompensationKind compensation, BigDecimal amount, String extraMile, String approvedBy,
            String abandonReason, Answer answer) {
    }

    /**
     * One promise of the day. {@code outcomeAt} is when it was kept or broken; for {@link Outcome#MISSED}
     * it is the due time (the watcher's {@code brokenAt}); for {@link Outcome#OPEN} it is null.
     */
    public record DemoPromise(String promiseId, Guarantee guarantee, Customer customer, String channel, String agent,
            Instant madeAt, Outcome outcome, Instant outcomeAt, Breach breach, RecoveryScript recovery) {

        /** Whether the promise ends broken and so opens a recovery. */
        public boolean opensRecovery() {
            return outcome == Outcome.REPORTED_BROKEN || outcome == Outcome.MISSED;
        }

        /** Whether the promise counts as a failure for its customer. */
        public boolean failure() {
            return opensRecovery() || outcome == Outcome.KEPT_LATE;
        }
    }

    public record Return(Customer customer, Instant at, String reference) {
    }

    /** A short id per run (base 36 of the epoch second), so runs never share customers or promises. */
    public static String runId(Instant now) {
        return Long.toString(now.getEpochSecond(), 36);
    }

    public static DemoDay generate(Instant now) {
        return generate(runId(now), now);
    }

    public static DemoDay generate(String runId, Instant now) {
        return new Script(runId, now.truncatedTo(ChronoUnit.SECONDS)).day();
    }

    /** The promises that end broken, each opening a recovery. */
    public List<DemoPromise> breaches() {
        return promises.stream().filter(DemoPromise::opensRecovery).toList();
    }

    public Customer customer(String name) {
        return customers.stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    }

    // -------------------------------------------------------------------------------------------

    /** The day, written as stories relative to {@code now}. */
    private static final class Script {

        private static final String TWENTY_FOUR_SEVEN = "24x7";

        private final String runId;
        private final Instant now;
        private final Calendar officeHours;
        private final Guarantee delivery;
        private final Guarantee callback;
        private final Guarantee reply;
        private final Guarantee restroom;
        private final Guarantee refund;
        private final List<Customer> customers = new ArrayList<>();
        private final List<DemoPromise> promises = new ArrayList<>();
        private final List<Return> returns = new ArrayList<>();
        private final Map<String, Integer> sequence = new HashMap<>();

        Script(String runId, Instant now) {
            this.runId = runId;
            this.now = now;
            officeHours = officeHours(now);
            delivery = new Guarantee("delivery-2d", "dlv", "Two-day delivery", "I need it before the weekend",
                    "Delivered within 2 days", Duration.ofDays(2), TWENTY_FOUR_SEVEN, 0.95, "logistics", null);
            callback = new Guarantee("callback-4bh", "cb", "Technician callback",
                    "My heating is broken and I need to know when someone comes",
                    "A technician calls you back within 4 business hours", Duration.ofHours(4), officeHours.id(), 0.90,
                    "field-service", null);
            reply = new Guarantee("first-reply-1h", "rpl", "First reply within the hour",
                    "I am stuck and need a human to answer", "A person answers your message within 1 hour",
                    Duration.ofHours(1), TWENTY_FOUR_SEVEN, 0.90, "customer-care", null);
            restroom = new Guarantee("clean-restroom-30m", "wc", "A clean restroom",
                    "I need a clean restroom, now", "A reported restroom is clean again within 30 minutes",
                    Duration.ofMinutes(30), TWENTY_FOUR_SEVEN, 0.98, "facilities",
                    // A restroom found dirty now and then is forgiven sooner than a late refund: its own budget.
                    new TrustBudget(3, Duration.ofDays(7)));
            refund = new Guarantee("refund-24h", "rfd", "Refund within 24 hours", "I want my money back quickly",
                    "Your refund is on its way within 24 hours", Duration.ofHours(24), TWENTY_FOUR_SEVEN, 0.97,
                    "billing", null);
        }

        /** Monday to Friday 08:00–12:00 and 13:00–18:00 in Berlin, with the German national holidays. */
        private static Calendar officeHours(Instant now) {
            List<Period> day = List.of(new Period(LocalTime.of(8, 0), LocalTime.of(12, 0)),
                    new Period(LocalTime.of(13, 0), LocalTime.of(18, 0)));
            Map<DayOfWeek, List<Period>> hours = new EnumMap<>(DayOfWeek.class);
            for (DayOfWeek weekday : List.of(DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY,
                    DayOfWeek.THURSDAY, DayOfWeek.FRIDAY)) {
                hours.put(weekday, day);
            }
            ZoneId zone = ZoneId.of("Europe/Berlin");
            int year = LocalDate.ofInstant(now, zone).getYear();
            List<LocalDate> holidays = new ArrayList<>();
            for (int y = year; y <= year + 1; y++) {
                holidays.addAll(List.of(LocalDate.of(y, 1, 1), LocalDate.of(y, 5, 1), LocalDate.of(y, 10, 3),
                        LocalDate.of(y, 12, 25), LocalDate.of(y, 12, 26)));
            }
            return new Calendar("office-hours", zone, hours, List.copyOf(holidays));
        }

        DemoDay day() {
            Customer anna = customer("anna", Cohort.NEVER_FAILED);
            Customer ben = customer("ben", Cohort.NEVER_FAILED);
            Customer chloe = customer("chloe", Cohort.NEVER_FAILED);
            Customer david = customer("david", Cohort.NEVER_FAILED);
            Customer emma = customer("emma", Cohort.NEVER_FAILED);
            Customer farid = customer("farid", Cohort.RECOVERED);
            Customer greta = customer("greta", Cohort.RECOVERED);
            Customer hugo = customer("hugo", Cohort.RECOVERED);
            Customer ines = customer("ines", Cohort.RECOVERED);
            Customer jonas = customer("jonas", Cohort.NOT_RECOVERED);
            Customer karin = customer("karin", Cohort.NOT_RECOVERED);
            Customer lena = customer("lena", Cohort.NOT_RECOVERED);
            Customer milan = customer("milan", Cohort.REPEAT_FAILURE);
            Customer nora = customer("nora", Cohort.REPEAT_FAILURE);
            Customer oskar = customer("oskar", Cohort.REPEAT_FAILURE);

            // Customers who never failed: everything kept, two promises still open (one at risk).
            kept(anna, delivery, ago(23, 0), after(20, 0), "web", "agent-tom");
            kept(anna, reply, ago(21, 40), after(0, 25), "chat", "agent-maya");
            kept(anna, restroom, ago(16, 40), after(0, 20), "app", "agent-omar");
            kept(anna, callback, ago(4, 0), after(0, 35), "phone", "agent-sam");
            kept(ben, restroom, ago(20, 50), after(0, 18), "app", "agent-omar");
            kept(ben, delivery, ago(19, 30), after(15, 0), "web", "agent-ayla");
            kept(ben, refund, ago(18, 30), after(6, 0), "web", "agent-ruth");
            kept(ben, reply, ago(11, 45), after(0, 30), "email", "agent-li");
            kept(chloe, refund, ago(23, 50), after(9, 0), "phone", "agent-ruth");
            kept(chloe, callback, ago(17, 10), after(0, 40), "phone", "agent-sam");
            kept(chloe, reply, ago(9, 10), after(0, 5), "chat", "agent-maya");
            open(chloe, delivery, ago(2, 10), "web", "agent-tom");
            kept(david, callback, ago(22, 20), after(1, 10), "phone", "agent-sam");
            kept(david, reply, ago(15, 20), after(0, 12), "chat", "agent-li");
            kept(david, refund, ago(12, 40), after(4, 0), "web", "agent-ruth");
            kept(david, restroom, ago(8, 15), after(0, 22), "app", "agent-omar");
            open(emma, refund, ago(20, 0), "web", "agent-ruth"); // past its at-risk point: /analytics/at-risk
            kept(emma, restroom, ago(15, 50), after(0, 25), "app", "agent-omar");
            kept(emma, delivery, ago(9, 30), after(7, 0), "store", "agent-ayla");
            kept(emma, reply, ago(3, 30), after(0, 40), "chat", "agent-maya");

            // One failure each, put right: the paradox says they should come back more often than anyone.
            kept(farid, refund, ago(22, 40), after(3, 0), "web", "agent-ruth");
            DemoPromise faridsParcel = broken(farid, delivery, ago(23, 30), after(5, 0), "web", "agent-tom",
                    breach(FailureCategory.BREAKDOWN, Severity.MAJOR, false, "The delivery van broke down on the motorway"),
                    resolved(after(0, 20), "agent-tom", "We are sorry: our van broke down and your parcel is late.",
                            after(0, 45), "Needs the present for her daughter's birthday party tomorrow",
                            "Vehicle breakdown", after(3, 0), "A courier delivered it the same evening",
                            CompensationKind.CREDIT, "15.00", "Gift-wrapped, with a handwritten card", null,
                            answer(after(2, 15), true, 5, true, "Better than if it had come on time!")));
            returned(faridsParcel, after(4, 0));
            kept(greta, restroom, ago(14, 0), after(0, 10), "app", "agent-omar");
            DemoPromise gretasChat = missed(greta, reply, ago(19, 50), "chat", "agent-maya",
                    resolved(after(0, 25), "agent-maya", "Sorry for the silence: your message slipped through our queue.",
                            after(0, 40), "Locked out of her account the day a payment was due",
                            "Chat queue not watched at the shift change", after(1, 30),
                            "Account unlocked and the payment deadline moved", CompensationKind.WAIVER, "12.50",
                            null, null, answer(after(2, 10), true, 4, true, "Quick once someone answered")));
            returned(gretasChat, after(5, 0));
            kept(hugo, delivery, ago(20, 20), after(12, 0), "web", "agent-ayla");
            broken(hugo, callback, ago(16, 20), after(2, 0), "phone", "agent-sam",
                    breach(FailureCategory.MISTAKE, Severity.MINOR, true, "Callback booked for the wrong phone number"),
                    resolved(after(0, 30), "agent-sam", "We called the wrong number, our mistake. Sorry.",
                            after(0, 50), "Wants the heating fixed before his parents visit", "Phone number typed by hand",
                            after(2, 30), "A technician slot booked for the next morning", CompensationKind.DISCOUNT,
                            "10.00", null, null, answer(after(2, 20), true, 4, true, null)));
            kept(ines, reply, ago(17, 30), after(0, 15), "chat", "agent-li");
            DemoPromise inesRestroom = broken(ines, restroom, ago(7, 0), after(0, 15), "app", "agent-omar",
                    breach(FailureCategory.VARIATION, Severity.MINOR, false, "A coach party tripled the visitors within an hour"),
                    resolved(after(0, 5), "agent-omar", "Sorry, we were overrun. A cleaner is on the way.",
                            after(0, 10), "Travelling with a toddler, needed a clean changing table now",
                            "Coach arrivals not forecast", after(0, 40), "Extra cleaning round and the family room opened",
                            CompensationKind.GESTURE, "5.00", "A free coffee for the parents", null,
                            answer(after(2, 5), true, 5, true, "Lovely staff")));
            returned(inesRestroom, after(3, 0));

            // One failure each, not put right.
            keptLate(jonas, reply, ago(18, 10), after(1, 25), "email", "agent-li");
            kept(jonas, delivery, ago(11, 0), after(6, 0), "web", "agent-tom");
            kept(karin, refund, ago(16, 0), after(10, 0), "web", "agent-ruth");
            missed(karin, restroom, ago(12, 0), "app", "agent-omar",
                    acknowledged(after(0, 45), "agent-omar", "Sorry, nobody came. We are short of staff today.",
                            after(1, 0), "Runs the café next door and is losing customers", "Cleaner off sick, no cover"));
            broken(lena, delivery, ago(21, 0), after(10, 0), "web", "agent-ayla",
                    breach(FailureCategory.OTHER, Severity.MAJOR, null, "Parcel lost in transit"),
                    abandoned(after(0, 15), "agent-ayla", "Your parcel is lost. We are very sorry.", after(1, 0),
                            "Customer cancelled the order and asked not to be contacted again"));
            kept(lena, restroom, ago(2, 40), after(0, 20), "app", "agent-omar");

            // Two failures each: escalated at once; a voucher does not fix a process.
            String sameRootCause = "Depot sorting error";
            broken(milan, delivery, ago(22, 10), after(6, 0), "web", "agent-tom",
                    breach(FailureCategory.MISTAKE, Severity.MAJOR, true, "Wrong item picked: size M instead of L"),
                    resolved(after(0, 20), "agent-tom", "Sorry, we sent the wrong size.", after(0, 30),
                            "Needs the jacket for a hiking trip on Saturday", sameRootCause, after(2, 0),
                            "The right size sent by express", CompensationKind.REPLACEMENT, "39.90", null, null,
                            answer(after(2, 30), true, 4, true, null)));
            broken(milan, delivery, ago(10, 20), after(3, 0), "web", "agent-ayla",
                    breach(FailureCategory.MISTAKE, Severity.MAJOR, true, "Wrong item picked again"),
                    resolved(after(0, 10), "agent-ayla", "The same mistake twice. We are truly sorry.", after(0, 20),
                            "The trip is tomorrow and he no longer trusts us", sameRootCause, after(1, 30),
                            "Refunded, and the right jacket sent by same-day courier", CompensationKind.REFUND, "89.90",
                            "The depot manager called him personally", "supervisor-lea",
                            answer(after(2, 0), false, 2, false, "Twice the same mistake")));
            missed(nora, reply, ago(13, 40), "chat", "agent-li",
                    resolved(after(0, 35), "agent-li", "Sorry, nobody answered your chat for over an hour.", null, null,
                            null, after(1, 10), "Question answered and the order corrected", CompensationKind.GESTURE,
                            "10.00", null, null, answer(after(2, 0), true, 3, null, null)));
            broken(nora, callback, ago(6, 30), after(1, 0), "phone", "agent-sam",
                    breach(FailureCategory.REWORK, Severity.MAJOR, true, "The technician had to come back: wrong spare part"),
                    resolved(after(0, 10), "agent-sam", "Sorry, the technician brought the wrong part.", after(0, 20),
                            "Works from home and has had no internet for two days",
                            "Spare part not checked before the visit", after(1, 30), "Second visit the same afternoon",
                            CompensationKind.CREDIT, "25.00", null, null, answer(after(1, 40), false, 2, null,
                                    "It took two visits")));
            kept(oskar, callback, ago(10, 40), after(1, 30), "phone", "agent-sam");
            broken(oskar, restroom, ago(13, 5), after(0, 8), "store", "agent-omar",
                    breach(FailureCategory.BREAKDOWN, Severity.CRITICAL, false, "A water leak closed the restroom"),
                    resolved(after(0, 6), "agent-omar", "Sorry, the restroom is closed by a leak.", after(0, 20),
                            "Wheelchair user; this is the only accessible restroom nearby", "Burst pipe", after(2, 0),
                            "An accessible mobile restroom brought in", CompensationKind.REFUND, "60.00", null,
                            "manager-jo", answer(after(2, 0), true, 3, true, null)));
            missed(oskar, restroom, ago(5, 10), "store", "agent-omar", untouched());

            returns.add(new Return(anna, ago(1, 30), reference(anna)));
            returns.add(new Return(david, ago(0, 45), reference(david)));

            everydayPromises();

            promises.sort(Comparator.comparing(DemoPromise::madeAt));
            returns.sort(Comparator.comparing(Return::at));
            return new DemoDay(runId, now, officeHours, List.of(delivery, callback, reply, restroom, refund),
                    List.copyOf(customers), List.copyOf(promises), List.copyOf(returns));
        }

        /**
         * The bulk of the day: promises kept on time for regular customers who never had a problem, spread
         * evenly over the day, so compliance looks like a real business's (some guarantees within their
         * error budget, the restroom one far over it). Long ones made recently are still open.
         */
        private void everydayPromises() {
            List<Customer> regulars = new ArrayList<>();
            for (String name : REGULARS) {
                regulars.add(customer(name, Cohort.NEVER_FAILED));
            }
            Map<Guarantee, Integer> perGuarantee = new LinkedHashMap<>();
            perGuarantee.put(delivery, 50);
            perGuarantee.put(callback, 20);
            perGuarantee.put(reply, 40);
            perGuarantee.put(restroom, 50);
            perGuarantee.put(refund, 30);
            Duration first = Duration.ofHours(23).plusMinutes(45);
            Duration spread = first.minus(Duration.ofHours(1));
            int g = 0;
            int n = 0;
            for (var entry : perGuarantee.entrySet()) {
                Guarantee guarantee = entry.getKey();
                int count = entry.getValue();
                List<String> agents = AGENTS.get(guarantee.team());
                List<String> channels = CHANNELS.get(guarantee.id());
                for (int i = 0; i < count; i++, n++) {
                    Instant madeAt = now.minus(first).plus(spread.multipliedBy(i).dividedBy(count))
                            .plus(Duration.ofMinutes(7L * g));
                    Duration takes = guarantee.target().multipliedBy(KEPT_AFTER[n % KEPT_AFTER.length])
                            .multipliedBy(PACE.getOrDefault(guarantee.id(), 100)).dividedBy(100 * 100);
                    Customer customer = regulars.get(n % regulars.size());
                    String agent = agents.get(i % agents.size());
                    String channel = channels.get(i % channels.size());
                    if (madeAt.plus(takes).isAfter(now.minus(Duration.ofMinutes(2)))) {
                        open(customer, guarantee, madeAt, channel, agent);
                    } else {
                        add(customer, guarantee, madeAt, Outcome.KEPT, madeAt.plus(takes), channel, agent, null, null);
                    }
                }
                g++;
            }
            for (int i = 0; i < regulars.size(); i += 3) {
                Customer customer = regulars.get(i);
                returns.add(new Return(customer, ago(i % 12, 10 + i), reference(customer)));
            }
        }

        /** Regular customers: they never had a problem. */
        private static final List<String> REGULARS = List.of("paula", "quentin", "rosa", "stefan", "tara", "umar",
                "vera", "william", "xenia", "yusuf", "zoe", "adam", "bea", "carlos", "dana", "eli", "fatima", "georg",
                "hana", "ivan");
        /** How much of its window a regular promise takes, in percent, in turn. */
        private static final int[] KEPT_AFTER = {20, 45, 30, 70, 55, 35, 80, 25, 60, 40, 50};
        /** Long guarantees are usually kept well inside their window: percent of the above, per guarantee. */
        private static final Map<String, Integer> PACE = Map.of("delivery-2d", 50, "refund-24h", 70);
        private static final Map<String, List<String>> AGENTS = Map.of(
                "logistics", List.of("agent-tom", "agent-ayla"),
                "field-service", List.of("agent-sam"),
                "customer-care", List.of("agent-maya", "agent-li"),
                "facilities", List.of("agent-omar"),
                "billing", List.of("agent-ruth"));
        private static final Map<String, List<String>> CHANNELS = Map.of(
                "delivery-2d", List.of("web", "app", "web", "store"),
                "callback-4bh", List.of("phone"),
                "first-reply-1h", List.of("chat", "email", "chat"),
                "clean-restroom-30m", List.of("app", "store"),
                "refund-24h", List.of("web", "phone"));

        // ----------------------------------------------------------------- the little language

        /** An offset from the step before. */
        private record After(Duration duration) {
        }

        private Instant ago(int hours, int minutes) {
            return now.minus(Duration.ofHours(hours).plusMinutes(minutes));
        }

        private static After after(int hours, int minutes) {
            return new After(Duration.ofHours(hours).plusMinutes(minutes));
        }

        private Customer customer(String name, Cohort cohort) {
            Customer customer = new Customer(name + "-" + runId, name, cohort);
            customers.add(customer);
            return customer;
        }

        private String promiseId(Guarantee guarantee) {
            int n = sequence.merge(guarantee.code(), 1, Integer::sum);
            return String.format("%s-%s-%02d", guarantee.code(), runId, n);
        }

        private String reference(Customer customer) {
            return "order-" + runId + "-" + customer.name();
        }

        private static Breach breach(FailureCategory category, Severity severity, Boolean avoidable, String description) {
            return new Breach(category, severity, avoidable, description);
        }

        private void kept(Customer customer, Guarantee guarantee, Instant madeAt, After after, String channel,
                String agent) {
            add(customer, guarantee, madeAt, Outcome.KEPT, madeAt.plus(after.duration()), channel, agent, null, null);
        }

        private void keptLate(Customer customer, Guarantee guarantee, Instant madeAt, After after, String channel,
                String agent) {
            add(customer, guarantee, madeAt, Outcome.KEPT_LATE, madeAt.plus(after.duration()), channel, agent, null, null);
        }

        private void open(Customer customer, Guarantee guarantee, Instant madeAt, String channel, String agent) {
            add(customer, guarantee, madeAt, Outcome.OPEN, null, channel, agent, null, null);
        }

        private DemoPromise broken(Customer customer, Guarantee guarantee, Instant madeAt, After after, String channel,
                String agent, Breach breach, Recovery recovery) {
            Instant brokenAt = madeAt.plus(after.duration());
            return add(customer, guarantee, madeAt, Outcome.REPORTED_BROKEN, brokenAt, channel, agent, breach,
                    recovery.at(brokenAt));
        }

        /** Left open: on a 24x7 guarantee the due time is known here, and the watcher breaks it then. */
        private DemoPromise missed(Customer customer, Guarantee guarantee, Instant madeAt, String channel, String agent,
                Recovery recovery) {
            if (!guarantee.twentyFourSeven()) {
                throw new IllegalArgumentException("a missed promise needs a 24x7 guarantee to know its due time");
            }
            Instant dueAt = madeAt.plus(guarantee.target());
            return add(customer, guarantee, madeAt, Outcome.MISSED, dueAt, channel, agent, null, recovery.at(dueAt));
        }

        /** The customer comes back some time after answering the satisfaction check of {@code recovered}. */
        private void returned(DemoPromise recovered, After afterAnswer) {
            Instant answeredAt = recovered.recovery().answer().at();
            returns.add(new Return(recovered.customer(), answeredAt.plus(afterAnswer.duration()),
                    reference(recovered.customer())));
        }

        private DemoPromise add(Customer customer, Guarantee guarantee, Instant madeAt, Outcome outcome,
                Instant outcomeAt, String channel, String agent, Breach breach, RecoveryScript recovery) {
            DemoPromise promise = new DemoPromise(promiseId(guarantee), guarantee, customer, channel, agent, madeAt,
                    outcome, outcomeAt, breach, recovery);
            promises.add(promise);
            return promise;
        }

        /** A recovery written with offsets, each from the step before; {@link #at} makes the times absolute. */
        private record Recovery(RecoveryEnd end, After acknowledge, String by, String apology, After diagnose,
                String customerProblem, String rootCause, After finish, String resolution, CompensationKind kind,
                String amount, String extraMile, String approvedBy, String abandonReason, PlannedAnswer answer) {

            RecoveryScript at(Instant brokenAt) {
                if (end == RecoveryEnd.OPENED) {
                    return new RecoveryScript(end, null, null, null, null, null, null, null, null, null, null, null,
                            null, null, null);
                }
                Instant acknowledgedAt = brokenAt.plus(acknowledge.duration());
                Instant diagnosedAt = diagnose == null ? null : acknowledgedAt.plus(diagnose.duration());
                Instant last = diagnosedAt != null ? diagnosedAt : acknowledgedAt;
                Instant finishedAt = finish == null ? null : last.plus(finish.duration());
                Answer answered = answer == null ? null : new Answer(finishedAt.plus(answer.after().duration()),
                        answer.satisfied(), answer.score(), answer.retained(), answer.comment());
                return new RecoveryScript(end, acknowledgedAt, by, apology, diagnosedAt, customerProblem, rootCause,
                        finishedAt, resolution, kind, amount == null ? null : new BigDecimal(amount), extraMile,
                        approvedBy, abandonReason, answered);
            }
        }

        private record PlannedAnswer(After after, boolean satisfied, int score, Boolean retained, String comment) {
        }

        private static PlannedAnswer answer(After after, boolean satisfied, int score, Boolean retained, String comment) {
            return new PlannedAnswer(after, satisfied, score, retained, comment);
        }

        private static Recovery resolved(After acknowledge, String by, String apology, After diagnose,
                String customerProblem, String rootCause, After resolve, String resolution, CompensationKind kind,
                String amount, String extraMile, String approvedBy, PlannedAnswer answer) {
            return new Recovery(RecoveryEnd.RESOLVED, acknowledge, by, apology, diagnose, customerProblem, rootCause,
                    resolve, resolution, kind, amount, extraMile, approvedBy, null, answer);
        }

        private static Recovery acknowledged(After acknowledge, String by, String apology, After diagnose,
                String customerProblem, String rootCause) {
            return new Recovery(RecoveryEnd.ACKNOWLEDGED, acknowledge, by, apology, diagnose, customerProblem,
                    rootCause, null, null, null, null, null, null, null, null);
        }

        private static Recovery abandoned(After acknowledge, String by, String apology, After abandon, String reason) {
            return new Recovery(RecoveryEnd.ABANDONED, acknowledge, by, apology, null, null, null, abandon, null, null,
                    null, null, null, reason, null);
        }

        private static Recovery untouched() {
            return new Recovery(RecoveryEnd.OPENED, null, null, null, null, null, null, null, null, null, null, null,
                    null, null, null);
        }
    }
}
