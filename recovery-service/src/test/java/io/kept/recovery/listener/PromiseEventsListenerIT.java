package io.kept.recovery.listener;

import static io.kept.recovery.RecoveryTestSupport.T0;
import static io.kept.recovery.RecoveryTestSupport.broken;
import static io.kept.recovery.RecoveryTestSupport.guarantee;
import static io.kept.recovery.RecoveryTestSupport.made;
import static io.kept.recovery.RecoveryTestSupport.record;
import static io.kept.recovery.RecoveryTestSupport.recoveryEvents;
import static io.kept.testkit.Api.given;
import static io.kept.testkit.FamilyTopics.publish;
import static io.kept.testkit.FamilyTopics.types;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import com.fasterxml.jackson.databind.JsonNode;
import io.kept.events.EventJson;
import io.kept.events.EventType;
import io.kept.events.StreamKind;
import io.kept.events.Topics;
import io.kept.events.TrustBudget;
import io.kept.events.promise.PromiseBreachRetracted;
import io.kept.events.promise.PromiseKept;
import io.kept.events.promise.Severity;
import io.kept.eventstore.StoredEvent;
import io.kept.eventstore.StreamId;
import io.kept.eventstore.deadletter.DeadLetters;
import io.kept.eventstore.outbox.CloudEventRecords;
import io.kept.recovery.RecoveryTestSupport;
import io.kept.recovery.service.Recoveries;
import io.kept.testkit.KafkaResource;
import io.kept.testkit.PostgresResource;
import io.kept.testkit.TopicReader;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(PostgresResource.class)
@WithTestResource(value = KafkaResource.class, initArgs = @ResourceArg(name = KafkaResource.TOPICS, value = RecoveryTestSupport.TOPICS))
class PromiseEventsListenerIT {

    private static JsonNode data(org.apache.kafka.clients.consumer.ConsumerRecord<String, byte[]> record) throws Exception {
        return EventJson.mapper().readTree(record.value());
    }

    @Test
    void aFirstBreachOpensAParadoxEligibleRecovery() throws Exception {
        String promise = "p-" + UUID.randomUUID();
        publish(record(made(promise, "c-" + UUID.randomUUID()), promise, T0.minusSeconds(3600)),
                record(broken(promise, T0, Severity.MAJOR, false), promise, T0));

        String recoveryId = Recoveries.recoveryIdFor(promise);
        var events = recoveryEvents(recoveryId, 1);
        assertThat(types(events)).containsExactly("io.kept.recovery.opened");
        JsonNode opened = data(events.get(0));
        assertThat(opened.path("promiseId").asText()).isEqualTo(promise);
        assertThat(opened.path("priorFailures").asInt()).isZero();
        assertThat(opened.path("paradoxEligible").asBoolean()).isTrue();
        assertThat(opened.path("acknowledgeBy").asText()).isEqualTo(T0.plus(Duration.ofHours(1)).toString());
        assertThat(TopicReader.header(events.get(0), "ce_source")).isEqualTo("/recovery-service");

        given().get("/recoveries/" + recoveryId).then().statusCode(200).body("status", equalTo("open"));
    }

    @Test
    void aPromiseKeptLateSpendsTheTrustBudgetAndAFailureLongAgoDoesNot() throws Exception {
        String customer = "c-" + UUID.randomUUID();
        String longAgo = "p-" + UUID.randomUUID();
        String late = "p-" + UUID.randomUUID();
        String now = "p-" + UUID.randomUUID();
        // Broken 100 days ago, outside the trust budget's 90 days; kept late 10 days ago, inside them.
        publish(record(made(longAgo, customer), longAgo, T0.minus(Duration.ofDays(101))),
                record(broken(longAgo, T0.minus(Duration.ofDays(100)), Severity.MINOR, false), longAgo, T0.minus(Duration.ofDays(100))),
                record(made(late, customer), late, T0.minus(Duration.ofDays(11))),
                record(new PromiseKept(late, T0.minus(Duration.ofDays(10)), true), late, T0.minus(Duration.ofDays(10))),
                record(made(now, customer), now, T0.minusSeconds(3600)),
                record(broken(now, T0, Severity.MINOR, false), now, T0));

        var events = recoveryEvents(Recoveries.recoveryIdFor(now), 2);
        assertThat(types(events)).containsExactly("io.kept.recovery.opened", "io.kept.recovery.escalated");
        assertThat(data(events.get(1)).path("reason").asText()).isEqualTo("trust-budget-spent");
        assertThat(data(events.get(1)).path("detail").asText()).contains("failed 1 time(s) in the last 90 days");
        given().get("/recoveries/" + Recoveries.recoveryIdFor(now)).then()
                .body("priorFailures", equalTo(1))
                .body("paradoxEligible", equalTo(false));
        // The one broken long ago opened a recovery of its own, as a first failure.
        given().get("/recoveries/" + Recoveries.recoveryIdFor(longAgo)).then()
                .body("priorFailures", equalTo(0)).body("paradoxEligible", equalTo(true));
    }

    @Test
    void aGuaranteeThatNamesItsOwnTrustBudgetCountsOnlyItsOwnFailuresAgainstIt() throws Exception {
        String customer = "c-" + UUID.randomUUID();
        String own = "g-own-" + UUID.randomUUID();
        String[] p = new String[5];
        for (int i = 0; i < p.length; i++) {
            p[i] = "p-" + i + "-" + UUID.randomUUID();
        }
        // All keyed by the guarantee, so one partition holds them and the budget is read before the breaches.
        publish(record(guarantee(own, new TrustBudget(2, Duration.ofDays(30))), own, T0.minus(Duration.ofDays(60))),
                // 40 days ago: outside the 30 days before p4 (inside the configured 90).
                record(made(p[0], customer, own), own, T0.minus(Duration.ofDays(41))),
                record(broken(p[0], T0.minus(Duration.ofDays(40)), Severity.MINOR, false), own, T0.minus(Duration.ofDays(40))),
                record(made(p[1], customer, own), own, T0.minus(Duration.ofDays(21))),
                record(broken(p[1], T0.minus(Duration.ofDays(20)), Severity.MINOR, false), own, T0.minus(Duration.ofDays(20))),
                record(made(p[2], customer, own), own, T0.minus(Duration.ofDays(11))),
                record(broken(p[2], T0.minus(Duration.ofDays(10)), Severity.MINOR, false), own, T0.minus(Duration.ofDays(10))),
                // Under a guarantee that shares the configured budget (1 in 90 days): the own budget's failures do not count.
                record(made(p[3], customer), own, T0.minus(Duration.ofDays(6))),
                record(broken(p[3], T0.minus(Duration.ofDays(5)), Severity.MINOR, false), own, T0.minus(Duration.ofDays(5))),
                record(made(p[4], customer, own), own, T0.minusSeconds(3600)),
                record(broken(p[4], T0, Severity.MINOR, false), own, T0));

        var spent = recoveryEvents(Recoveries.recoveryIdFor(p[4]), 2);
        assertThat(types(spent)).containsExactly("io.kept.recovery.opened", "io.kept.recovery.escalated");
        assertThat(data(spent.get(1)).path("reason").asText()).isEqualTo("trust-budget-spent");
        assertThat(data(spent.get(1)).path("detail").asText()).contains("failed 2 time(s) in the last 30 days");
        given().get("/recoveries/" + Recoveries.recoveryIdFor(p[4])).then().body("priorFailures", equalTo(2));
        // p2 found one failure in its 30 days (p1): under the configured budget of 1 that would have spent it.
        given().get("/recoveries/" + Recoveries.recoveryIdFor(p[2])).then()
                .body("priorFailures", equalTo(1)).body("paradoxEligible", equalTo(false))
                .body("escalations", org.hamcrest.Matchers.empty());
        // p2's window starts just after p0 (exactly 30 days before it); p1's holds p0.
        given().get("/recoveries/" + Recoveries.recoveryIdFor(p[1])).then().body("priorFailures", equalTo(1));
        // p3, under the configured budget, counts none of the three under the guarantee's own.
        given().get("/recoveries/" + Recoveries.recoveryIdFor(p[3])).then()
                .body("priorFailures", equalTo(0)).body("paradoxEligible", equalTo(true))
                .body("escalations", org.hamcrest.Matchers.empty());
    }

    @Test
    void aRepeatFailureIsEscalatedAtOnce() {
        String customer = "c-" + UUID.randomUUID();
        String first = "p-" + UUID.randomUUID();
        String second = "p-" + UUID.randomUUID();
        publish(record(made(first, customer), first, T0.minusSeconds(7200)),
                record(broken(first, T0.minus(Duration.ofDays(30)), Severity.MINOR, false), first, T0.minus(Duration.ofDays(30))),
                record(made(second, customer), second, T0.minusSeconds(3600)),
                record(broken(second, T0, Severity.MINOR, false), second, T0));

        var events = recoveryEvents(Recoveries.recoveryIdFor(second), 2);
        assertThat(types(events)).containsExactly("io.kept.recovery.opened", "io.kept.recovery.escalated");
        given().get("/recoveries/" + Recoveries.recoveryIdFor(second)).then()
                .body("priorFailures", equalTo(1))
                .body("paradoxEligible", equalTo(false))
                .body("escalations[0]", equalTo("trust-budget-spent"));
    }

    @Test
    void aRedeliveredBreachOpensNothingTwice() {
        String promise = "p-" + UUID.randomUUID();
        UUID breachId = UUID.randomUUID();
        publish(record(made(promise, "c-" + UUID.randomUUID()), promise, T0.minusSeconds(3600)),
                record(broken(promise, T0, Severity.MINOR, null), promise, T0, breachId),
                record(broken(promise, T0, Severity.MINOR, null), promise, T0, breachId),
                // A replay of the same fact under another event id still opens one recovery: its id derives from the promise.
                record(broken(promise, T0, Severity.MINOR, null), promise, T0));
        String recoveryId = Recoveries.recoveryIdFor(promise);
        recoveryEvents(recoveryId, 1);

        // Wait until the consumer has handled all three, then check nothing more was published.
        String marker = "p-" + UUID.randomUUID();
        publish(record(made(marker, "c-marker"), marker, T0), record(broken(marker, T0, Severity.MINOR, null), marker, T0));
        recoveryEvents(Recoveries.recoveryIdFor(marker), 1);
        assertThat(types(recoveryEvents(recoveryId, 1))).containsExactly("io.kept.recovery.opened");
        given().get("/recoveries/" + recoveryId).then().body("steps.size()", equalTo(1));
    }

    @Test
    void aPoisonRecordGoesToTheDeadLetterTopicWithItsReasonAndTheConsumerGoesOn() {
        String poison = "poison-" + UUID.randomUUID();
        ProducerRecord<String, byte[]> garbage = new ProducerRecord<>(Topics.PROMISE_EVENTS, poison,
                "{not json".getBytes(StandardCharsets.UTF_8));
        garbage.headers().add(new RecordHeader("ce_specversion", "1.0".getBytes(StandardCharsets.UTF_8)));
        garbage.headers().add(new RecordHeader("ce_id", UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8)));
        garbage.headers().add(new RecordHeader("ce_type", "io.kept.promise.broken".getBytes(StandardCharsets.UTF_8)));
        garbage.headers().add(new RecordHeader("ce_source", "/promise-service".getBytes(StandardCharsets.UTF_8)));
        String unknown = "unknown-" + UUID.randomUUID();
        ProducerRecord<String, byte[]> orphan = record(broken(unknown, T0, Severity.MINOR, false), unknown, T0);
        publish(garbage, orphan);

        var dead = TopicReader.readUntil(KafkaResource.broker().bootstrapServers(), Topics.PROMISE_EVENTS + ".dlq",
                read -> read.stream().filter(r -> poison.equals(r.key()) || unknown.equals(r.key())).count() >= 2,
                Duration.ofSeconds(30)).stream().filter(r -> poison.equals(r.key()) || unknown.equals(r.key())).toList();
        assertThat(dead).hasSize(2);
        assertThat(dead).allSatisfy(r -> assertThat(TopicReader.header(r, "dead-letter-reason")).isNotBlank());
        assertThat(dead.stream().filter(r -> unknown.equals(r.key())).findFirst().orElseThrow())
                .satisfies(r -> assertThat(TopicReader.header(r, "dead-letter-reason")).contains("never seen"));

        String alive = "p-" + UUID.randomUUID();
        publish(record(made(alive, "c-alive"), alive, T0), record(broken(alive, T0, Severity.MAJOR, false), alive, T0));
        assertThat(types(recoveryEvents(Recoveries.recoveryIdFor(alive), 1))).containsExactly("io.kept.recovery.opened");
    }

    @Test
    void aRecordFromASourceThatDoesNotOwnTheTopicIsDeadLetteredNamingTheSource() {
        // promise.broken claiming to come from followup-service: only promise-service publishes promise events.
        String forged = "p-" + UUID.randomUUID();
        publish(record(made(forged, "c-forged"), forged, T0));
        ProducerRecord<String, byte[]> fromElsewhere = record(broken(forged, T0, Severity.MAJOR, false), forged, T0);
        fromElsewhere.headers().remove("ce_source");
        fromElsewhere.headers().add(new RecordHeader("ce_source", "/followup-service".getBytes(StandardCharsets.UTF_8)));
        // A recovery event, with recovery-service's own source, put on the promise topic.
        String misplaced = "r-" + UUID.randomUUID();
        ProducerRecord<String, byte[]> recoveryEvent = CloudEventRecords.toRecord(new StoredEvent(0,
                StreamId.of(StreamKind.RECOVERY, misplaced), 1, UUID.randomUUID(), EventType.RECOVERY_ABANDONED, T0, T0,
                "{\"recoveryId\":\"" + misplaced + "\",\"abandonedAt\":\"" + T0 + "\",\"reason\":\"x\"}", "{}"));
        ProducerRecord<String, byte[]> onPromiseTopic = new ProducerRecord<>(Topics.PROMISE_EVENTS, null, misplaced,
                recoveryEvent.value(), recoveryEvent.headers());
        publish(fromElsewhere, onPromiseTopic);

        var dead = TopicReader.readUntil(KafkaResource.broker().bootstrapServers(), Topics.PROMISE_EVENTS + ".dlq",
                read -> read.stream().filter(r -> forged.equals(r.key()) || misplaced.equals(r.key())).count() >= 2,
                Duration.ofSeconds(30)).stream().filter(r -> forged.equals(r.key()) || misplaced.equals(r.key())).toList();
        assertThat(dead).as("two records in, both dead-lettered").hasSize(2);
        assertThat(dead.stream().filter(r -> forged.equals(r.key())).findFirst().orElseThrow())
                .satisfies(r -> assertThat(TopicReader.header(r, "dead-letter-reason"))
                        .contains("source /followup-service", "/promise-service"));
        assertThat(dead.stream().filter(r -> misplaced.equals(r.key())).findFirst().orElseThrow())
                .satisfies(r -> assertThat(TopicReader.header(r, "dead-letter-reason")).contains(Topics.RECOVERY_EVENTS));
        // The forged breach opened no recovery; an honest one right after it does.
        String honest = "p-" + UUID.randomUUID();
        publish(record(made(honest, "c-honest"), honest, T0), record(broken(honest, T0, Severity.MAJOR, false), honest, T0));
        assertThat(types(recoveryEvents(Recoveries.recoveryIdFor(honest), 1))).containsExactly("io.kept.recovery.opened");
        given().get("/recoveries/" + Recoveries.recoveryIdFor(forged)).then().statusCode(404);
    }

    @Test
    void aDeadLetterIsListedAndReplayedOnceTheCauseIsFixed() {
        // A breach whose promise.made was lost upstream: dead-lettered as an orphan.
        String promise = "p-late-made-" + UUID.randomUUID();
        ProducerRecord<String, byte[]> breach = record(broken(promise, T0, Severity.MAJOR, false), promise, T0);
        String breachId = ceId(breach);
        publish(breach);
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/admin/dead-letters").then()
                .statusCode(200)
                .body("topics", org.hamcrest.Matchers.hasItem(Topics.PROMISE_EVENTS + ".dlq"))
                .body("deadLetters.find { it.eventId == '" + breachId + "' }.reason", containsString("never seen"))
                .body("deadLetters.find { it.eventId == '" + breachId + "' }.originalTopic", equalTo(Topics.PROMISE_EVENTS))
                .body("deadLetters.find { it.eventId == '" + breachId + "' }.replayed", equalTo(false)));

        // Replayed before the fix, it fails again: dead-lettered once more with the reason, nothing opened.
        String bootstrap = KafkaResource.broker().bootstrapServers();
        long promiseTopic = TopicReader.size(bootstrap, Topics.PROMISE_EVENTS);
        var early = given().post("/admin/dead-letters/replay").then().statusCode(200).extract().jsonPath();
        assertThat(early.getList("eventIds", String.class)).doesNotContain(breachId);
        assertThat(early.getList("deadLetteredAgain", String.class)).contains(breachId);
        given().get("/admin/dead-letters").then()
                .body("deadLetters.findAll { it.eventId == '" + breachId + "' }.replayed", contains(true, false))
                .body("deadLetters.findAll { it.eventId == '" + breachId + "' }[1].reason", containsString("never seen"));
        given().get("/recoveries/" + Recoveries.recoveryIdFor(promise)).then().statusCode(404);

        // The fix: the missing promise.made is published. Replaying re-drives the breach.
        publish(record(made(promise, "c-" + UUID.randomUUID()), promise, T0.minusSeconds(3600)));
        promiseTopic++;
        java.util.List<String> first = given().post("/admin/dead-letters/replay").then().statusCode(200)
                // The other tests' poison is still poison, and dead-lettered again.
                .body("deadLetteredAgain", not(hasItem(breachId))).body("stoppedBy", nullValue())
                .extract().jsonPath().getList("eventIds", String.class);
        assertThat(first).contains(breachId);
        String recoveryId = Recoveries.recoveryIdFor(promise);
        assertThat(types(recoveryEvents(recoveryId, 1))).containsExactly("io.kept.recovery.opened");
        // A replay is handled in this service and writes nothing to promise-service's topic, which in production
        // only promise-service may write (its Kafka ACLs).
        assertThat(TopicReader.size(bootstrap, Topics.PROMISE_EVENTS)).as("records on %s", Topics.PROMISE_EVENTS)
                .isEqualTo(promiseTopic);

        // Replaying again sends nothing replayed before; the recovery stays opened once.
        java.util.List<String> second = given().post("/admin/dead-letters/replay").then().statusCode(200)
                .extract().jsonPath().getList("eventIds", String.class);
        assertThat(second).doesNotContain(breachId);
        given().get("/admin/dead-letters").then()
                .body("deadLetters.find { it.eventId == '" + breachId + "' }.replayed", equalTo(true));
        String marker = "p-" + UUID.randomUUID();
        publish(record(made(marker, "c-marker"), marker, T0), record(broken(marker, T0, Severity.MINOR, null), marker, T0));
        recoveryEvents(Recoveries.recoveryIdFor(marker), 1);
        assertThat(types(recoveryEvents(recoveryId, 1))).containsExactly("io.kept.recovery.opened");

        // Another consumer's dead letters, replayed for it alone by an earlier release, pass this one by.
        String theirs = "p-theirs-" + UUID.randomUUID();
        ProducerRecord<String, byte[]> theirMade = record(made(theirs, "c-theirs"), theirs, T0);
        ProducerRecord<String, byte[]> theirBreach = record(broken(theirs, T0, Severity.MAJOR, false), theirs, T0);
        theirMade.headers().add(DeadLetters.REDRIVE_FOR, "analytics-service".getBytes(StandardCharsets.UTF_8));
        theirBreach.headers().add(DeadLetters.REDRIVE_FOR, "analytics-service".getBytes(StandardCharsets.UTF_8));
        String after = "p-" + UUID.randomUUID();
        publish(theirMade, theirBreach, record(made(after, "c-after"), after, T0),
                record(broken(after, T0, Severity.MINOR, null), after, T0));
        recoveryEvents(Recoveries.recoveryIdFor(after), 1);
        given().get("/recoveries/" + Recoveries.recoveryIdFor(theirs)).then().statusCode(404);
    }

    /** The CloudEvent id of a record about to be published. */
    private static String ceId(ProducerRecord<String, byte[]> record) {
        return new String(record.headers().lastHeader("ce_id").value(), StandardCharsets.UTF_8);
    }

    @Test
    void aRetractedBreachWithdrawsItsRecoveryAndNoLongerCounts() {
        String customer = "c-" + UUID.randomUUID();
        String promise = "p-" + UUID.randomUUID();
        publish(record(made(promise, customer), promise, T0.minusSeconds(3600)),
                record(broken(promise, T0, Severity.MINOR, false), promise, T0),
                record(new PromiseBreachRetracted(promise, T0.plusSeconds(60), T0.minusSeconds(60), "kept in time"), promise,
                        T0.plusSeconds(60)));
        String recoveryId = Recoveries.recoveryIdFor(promise);
        assertThat(types(recoveryEvents(recoveryId, 2))).containsExactly("io.kept.recovery.opened", "io.kept.recovery.withdrawn");

        String next = "p-" + UUID.randomUUID();
        publish(record(made(next, customer), next, T0.plusSeconds(600)),
                record(broken(next, T0.plusSeconds(7200), Severity.MINOR, false), next, T0.plusSeconds(7200)));
        recoveryEvents(Recoveries.recoveryIdFor(next), 1);
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given()
                .get("/recoveries/" + Recoveries.recoveryIdFor(next)).then().statusCode(200)
                .body("priorFailures", equalTo(0)).body("paradoxEligible", equalTo(true)));
    }
}
