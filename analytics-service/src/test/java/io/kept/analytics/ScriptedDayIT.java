package io.kept.analytics;

import static io.kept.testkit.Api.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;

import io.kept.events.EventJson;
import io.kept.events.EventType;
import io.kept.events.StreamKind;
import io.kept.events.Topics;
import io.kept.events.promise.PromiseMade;
import io.kept.eventstore.StoredEvent;
import io.kept.eventstore.StreamId;
import io.kept.eventstore.outbox.CloudEventRecords;
import io.kept.testkit.Api;
import io.kept.testkit.DatabaseOutage;
import io.kept.testkit.KafkaResource;
import io.kept.testkit.PostgresResource;
import io.kept.testkit.TestDatabase;
import io.kept.testkit.TopicReader;
import io.kept.testkit.TopicWriter;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A scripted day on the real broker, and every view checked against numbers worked out by hand
 * (see {@link ScriptedDay}). The same day published again changes nothing.
 */
@QuarkusTest
@WithTestResource(PostgresResource.class)
@WithTestResource(value = KafkaResource.class, initArgs = @ResourceArg(name = KafkaResource.TOPICS, value = ScriptedDay.TOPICS))
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ScriptedDayIT {

    private static final String RANGE = "?from=2026-03-01&to=2026-03-06";

    private static void awaitProjected() {
        // cat's timeline is the longest story of the day: 10 events across all three topics.
        Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            given().get("/analytics/customers/cat/timeline").then().statusCode(200).body("size()", equalTo(10));
            given().get("/analytics/customers/dan/timeline").then().body("size()", equalTo(13));
            given().get("/analytics/customers/ann/timeline").then().body("size()", equalTo(5));
        });
    }

    @Test
    @Order(1)
    void everyViewShowsTheDayAsWorkedOutByHand() {
        new ScriptedDay().publish();
        awaitProjected();
        assertTheDay();
    }

    @Test
    @Order(2)
    void theSameDayPublishedAgainChangesNothing() {
        new ScriptedDay().publish();
        // A marker published after the replay shows the consumers have read past it.
        awaitProjected();
        Awaitility.await().pollDelay(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10)).untilAsserted(this::assertTheDayStatic);
    }

    @Test
    @Order(3)
    void theBiRoleReadsTheViewsAndNothingElse() throws Exception {
        TestDatabase db = PostgresResource.current();
        try (Connection bi = DriverManager.getConnection(db.jdbcUrl(), "kept_bi", "kept_bi");
                Statement s = bi.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT made FROM analytics.guarantee_compliance WHERE guarantee_id = 'delivery'")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getLong(1)).isEqualTo(5);
            }
            for (String view : new String[] {"team_compliance", "recovery_performance", "followup_completion",
                    "failure_patterns", "recovery_paradox", "customer_timeline"}) {
                try (ResultSet rs = s.executeQuery("SELECT count(*) FROM analytics." + view)) {
                    assertThat(rs.next()).as(view).isTrue();
                }
            }
            // The BI timeline keeps ids, categories, times, amounts and scores, never what people wrote.
            StringBuilder seen = new StringBuilder();
            try (ResultSet rs = s.executeQuery("SELECT detail::text FROM analytics.customer_timeline WHERE customer_id = 'cat'")) {
                while (rs.next()) {
                    seen.append(rs.getString(1)).append('\n');
                }
            }
            assertThat(seen.toString()).contains("\"recoveryId\": \"r3\"", "\"score\": 5", "\"amount\": 20.00", "\"category\"")
                    .doesNotContain("van broke down", "needs it for a party", "van maintenance", "Sorry", "courier", "great");
            assertThatThrownBy(() -> s.executeQuery("SELECT detail FROM analytics.timeline")).hasMessageContaining("permission denied");
            assertThatThrownBy(() -> s.executeQuery("SELECT * FROM analytics.promises")).hasMessageContaining("permission denied");
            assertThatThrownBy(() -> s.executeUpdate("DELETE FROM analytics.promises")).hasMessageContaining("permission denied");
            assertThatThrownBy(() -> s.executeUpdate("INSERT INTO analytics.customer_returns VALUES (gen_random_uuid(), 'x', now(), null)"))
                    .hasMessageContaining("permission denied");
        }
    }

    @Test
    @Order(4)
    void everyReadAnswersCsvWithAHeaderRowWhenAsked() {
        String csv = given().accept("text/csv").get("/analytics/compliance" + RANGE + "&guaranteeId=delivery")
                .then().statusCode(200).contentType("text/csv").extract().asString();
        assertThat(csv.lines().toList()).containsExactly(
                "guarantee_id,day,made,kept,broken,open,compliance_rate,objective,error_budget_remaining",
                "delivery,2026-03-02,5,1,3,0,0.2500,0.9,-6.5000");
        given().accept("text/csv").get("/analytics/paradox").then().statusCode(200)
                .body(org.hamcrest.Matchers.startsWith("cohort,customers,returned_rate,avg_score"));
    }

    @Test
    @Order(5)
    void freshnessSaysHowFarTheDataReachesAndThatNothingIsLeftToProject() {
        Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().get("/analytics/lag").then()
                .statusCode(200)
                .body("find { it.topic == 'kept.promise-events' }.lag", equalTo(0))
                .body("find { it.topic == 'kept.followup-events' }.lag", equalTo(0)));
        given().get("/analytics/lag").then()
                // Each distinct event is projected once, however often it was delivered.
                .body("find { it.topic == 'kept.promise-events' }.events", equalTo(15))
                .body("find { it.topic == 'kept.promise-events' }.as_of", equalTo("2026-03-02T16:30:00Z"))
                .body("find { it.topic == 'kept.followup-events' }.as_of", equalTo("2026-03-05T17:00:00Z"));
    }

    @Test
    @Order(6)
    void badFiltersAreRefusedNamingTheField() {
        given().get("/analytics/compliance?groupBy=month").then().statusCode(400).body("errors[0].field", equalTo("groupBy"));
        given().get("/analytics/compliance?from=yesterday").then().statusCode(400).body("errors[0].field", equalTo("from"));
        given().get("/analytics/compliance?from=2026-03-05&to=2026-03-01").then().statusCode(400);
    }

    @Test
    @Order(7)
    void aRebuildGivesIdenticalNumbers() throws Exception {
        List<String> before = everyViewRow();
        given().post("/analytics/rebuild").then().statusCode(202).header("Location", endsWith("/analytics/rebuild"))
                .body("state", equalTo("running"));
        // One at a time: the first is still opening its Kafka consumer.
        given().post("/analytics/rebuild").then().statusCode(409).contentType("application/problem+json");
        awaitRebuilt();
        given().get("/analytics/rebuild").then()
                // The day was published twice: every record read, each distinct event projected once.
                .body("recordsToReplay", equalTo(2 * new ScriptedDay().size()))
                .body("recordsRead", equalTo(2 * new ScriptedDay().size()))
                .body("eventsApplied", equalTo(new ScriptedDay().size()))
                .body("duplicates", equalTo(new ScriptedDay().size()))
                .body("progress", equalTo(1.0f));
        assertThat(everyViewRow()).isEqualTo(before);
        assertTheDayStatic();
        Api.management().get("/q/metrics").then().body(containsString("kept_analytics_rebuild_events_applied " + new ScriptedDay().size()));
    }

    @Test
    @Order(8)
    void eventsArrivingDuringARebuildAreProjectedOnce() {
        given().post("/analytics/rebuild").then().statusCode(202);
        ScriptedDay.onePromiseMore().publish();
        awaitRebuilt();
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/analytics/customers/eve/timeline")
                .then().body("size()", equalTo(1)));
        given().get("/analytics/compliance" + RANGE + "&guaranteeId=delivery").then()
                .body("[0].made", equalTo(6)).body("[0].open", equalTo(1)).body("[0].broken", equalTo(3));
        // The live consumer, released after the swap, skips what the rebuild projected: still one row for p8.
        Awaitility.await().pollDelay(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10)).untilAsserted(() -> given()
                .get("/analytics/lag").then().body("find { it.topic == 'kept.promise-events' }.events", equalTo(16)));
    }

    @Test
    @Order(9)
    void aRebuildSwapsWhileABiToolHoldsAReadOpen() throws Exception {
        TestDatabase db = PostgresResource.current();
        try (Connection bi = DriverManager.getConnection(db.jdbcUrl(), "kept_bi", "kept_bi"); Statement s = bi.createStatement()) {
            // A long report: its transaction keeps a read lock on the tables behind the views.
            bi.setAutoCommit(false);
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM analytics.guarantee_compliance")) {
                assertThat(rs.next()).isTrue();
            }
            given().post("/analytics/rebuild").then().statusCode(202);
            awaitRebuilt();
            try (ResultSet rs = s.executeQuery("SELECT sum(made) FROM analytics.guarantee_compliance WHERE guarantee_id = 'delivery'")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getLong(1)).isEqualTo(6);
            }
            bi.rollback();
        }
    }

    @Test
    @Order(10)
    void aRebuildRunningOnAnotherReplicaRefusesASecondAndTheLiveNumbersStay() throws Exception {
        List<String> before = everyViewRow();
        TestDatabase db = PostgresResource.current();
        // Another analytics replica mid-rebuild: it holds the rebuild lock on its own session.
        try (Connection other = DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password());
                Statement s = other.createStatement()) {
            s.execute("SET application_name = 'kept-analytics-rebuild@analytics-replica-2/1'");
            try (ResultSet rs = s.executeQuery("SELECT pg_try_advisory_lock(" + 0x6b657074 + ", 1)")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getBoolean(1)).as("the other replica took the lock").isTrue();
            }
            given().post("/analytics/rebuild").then().statusCode(409).contentType("application/problem+json")
                    .body("detail", containsString("analytics-replica-2"));
            given().get("/analytics/rebuild").then().body("state", equalTo("succeeded"));
            assertThat(everyViewRow()).as("live views while the other replica holds the rebuild").isEqualTo(before);
        }
        // Its session ended (the replica finished or died): the lock is free again.
        given().post("/analytics/rebuild").then().statusCode(202);
        awaitRebuilt();
        assertThat(everyViewRow()).isEqualTo(before);
    }

    @Test
    @Order(11)
    void aPollHoldingPoisonDeadLettersThePoisonAloneAndProjectsEveryOtherEventOnce() throws Exception {
        // One key, so one partition: 40 promises made with a record that is no CloudEvent after the 10th and one
        // whose data does not read after the 30th, sent together so that polls hold good and bad records alike.
        String key = "poison-in-a-poll";
        Instant made = Instant.parse("2026-05-04T09:00:00Z");
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
        for (int i = 1; i <= 40; i++) {
            String id = "pp-" + i;
            PromiseMade payload = new PromiseMade(id, "poll", 1, "poll-customer", made, made.plus(Duration.ofHours(4)),
                    Duration.ofHours(4), "web", "poll-team", null, 0.8);
            ProducerRecord<String, byte[]> record = CloudEventRecords.toRecord(new StoredEvent(0,
                    StreamId.of(StreamKind.PROMISE, id), 1, UUID.nameUUIDFromBytes(id.getBytes(StandardCharsets.UTF_8)),
                    EventType.PROMISE_MADE, made, made, EventJson.mapper().writeValueAsString(payload), "{}"));
            records.add(new ProducerRecord<>(Topics.PROMISE_EVENTS, null, key, record.value(), record.headers()));
            if (i == 10) {
                records.add(new ProducerRecord<>(Topics.PROMISE_EVENTS, key, "no headers at all".getBytes(StandardCharsets.UTF_8)));
            }
            if (i == 30) {
                ProducerRecord<String, byte[]> other = CloudEventRecords.toRecord(new StoredEvent(0,
                        StreamId.of(StreamKind.PROMISE, "pp-poison"), 1, UUID.nameUUIDFromBytes("pp-poison".getBytes(StandardCharsets.UTF_8)),
                        EventType.PROMISE_MADE, made, made, EventJson.mapper().writeValueAsString(payload), "{}"));
                records.add(new ProducerRecord<>(Topics.PROMISE_EVENTS, null, key, "not json".getBytes(StandardCharsets.UTF_8),
                        other.headers()));
            }
        }
        TopicWriter.publish(KafkaResource.broker().bootstrapServers(), records);
        // The same 42 records again: a redelivered poll changes nothing.
        TopicWriter.publish(KafkaResource.broker().bootstrapServers(), records);

        TestDatabase db = PostgresResource.current();
        Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password());
                    Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT count(*) FROM analytics.promises WHERE guarantee_id = 'poll'")) {
                rs.next();
                assertThat(rs.getLong(1)).isEqualTo(40);
            }
            assertThat(DatabaseOutage.deadLettered(Topics.PROMISE_EVENTS, java.util.Set.of(key))).hasSize(4);
        });
        List<ConsumerRecord<String, byte[]>> dead = DatabaseOutage.deadLettered(Topics.PROMISE_EVENTS, java.util.Set.of(key));
        assertThat(dead).extracting(r -> TopicReader.header(r, "dead-letter-reason"))
                .allSatisfy(reason -> assertThat(reason).startsWith("[analytics-service] "))
                .satisfiesExactlyInAnyOrder(
                        reason -> assertThat(reason).contains("not a CloudEvent"),
                        reason -> assertThat(reason).contains("not a CloudEvent"),
                        reason -> assertThat(reason).contains("data is not a valid io.kept.promise.made"),
                        reason -> assertThat(reason).contains("data is not a valid io.kept.promise.made"));
        given().get("/analytics/customers/poll-customer/timeline").then().statusCode(200).body("size()", equalTo(40));
    }

    private static void awaitRebuilt() {
        Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().get("/analytics/rebuild").then()
                .statusCode(200).body("state", equalTo("succeeded")));
    }

    /** Every row of every BI view, as text, in a stable order. */
    private static List<String> everyViewRow() throws Exception {
        List<String> rows = new ArrayList<>();
        TestDatabase db = PostgresResource.current();
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password()); Statement s = c.createStatement()) {
            for (String view : new String[] {"guarantee_compliance", "team_compliance", "recovery_performance",
                    "followup_completion", "failure_patterns", "recovery_paradox", "customer_timeline"}) {
                try (ResultSet rs = s.executeQuery("SELECT v::text FROM analytics." + view + " v ORDER BY 1")) {
                    while (rs.next()) {
                        rows.add(view + " " + rs.getString(1));
                    }
                }
            }
        }
        assertThat(rows).hasSizeGreaterThan(30);
        return rows;
    }

    private void assertTheDay() {
        assertTheDayStatic();
    }

    private void assertTheDayStatic() {
        // delivery: made p1 p2 p3 p6 p7; kept p1; broken p2 (late) p3 p6; p7 cancelled.
        // compliance 1/4; error budget 1 - 3 / ((1 - 0.9) * 4) = -6.5.
        given().get("/analytics/compliance" + RANGE).then().statusCode(200)
                .body("find { it.guarantee_id == 'delivery' }.made", equalTo(5))
                .body("find { it.guarantee_id == 'delivery' }.kept", equalTo(1))
                .body("find { it.guarantee_id == 'delivery' }.broken", equalTo(3))
                .body("find { it.guarantee_id == 'delivery' }.open", equalTo(0))
                .body("find { it.guarantee_id == 'delivery' }.compliance_rate", equalTo(0.25f))
                .body("find { it.guarantee_id == 'delivery' }.error_budget_remaining", equalTo(-6.5f))
                // clean: p4 broken, p5 open; its definition arrived after its promises and still counts.
                .body("find { it.guarantee_id == 'clean' }.made", equalTo(2))
                .body("find { it.guarantee_id == 'clean' }.broken", equalTo(1))
                .body("find { it.guarantee_id == 'clean' }.open", equalTo(1))
                .body("find { it.guarantee_id == 'clean' }.objective", equalTo(0.8f))
                .body("find { it.guarantee_id == 'clean' }.error_budget_remaining", equalTo(-4))
                .body("find { it.guarantee_id == 'clean' }.compliance_rate", equalTo(0));
        given().get("/analytics/compliance" + RANGE + "&groupBy=week&guaranteeId=delivery").then().statusCode(200)
                .body("[0].week", equalTo("2026-03-02")).body("[0].made", equalTo(5));
        // logistics p1 p2 p6: kept 1, broken 2; support p3 p4: broken 2; unassigned p5 (open) p7 (cancelled).
        given().get("/analytics/compliance" + RANGE + "&team=logistics").then()
                .body("[0].made", equalTo(3)).body("[0].kept", equalTo(1)).body("[0].broken", equalTo(2))
                .body("[0].compliance_rate", equalTo(0.3333f));
        given().get("/analytics/compliance" + RANGE + "&team=unassigned").then()
                .body("[0].made", equalTo(2)).body("[0].open", equalTo(1)).body("[0].compliance_rate", nullValue());

        // major: r3 acknowledged after 20 min, resolved after 120, both on time, 20 EUR.
        // minor: r4 acknowledged after 150 min (on time), r6 never; nothing resolved.
        given().get("/analytics/recoveries" + RANGE).then().statusCode(200)
                .body("find { it.severity == 'major' }.opened", equalTo(1))
                .body("find { it.severity == 'major' }.acknowledged_on_time", equalTo(1))
                .body("find { it.severity == 'major' }.resolved_on_time", equalTo(1))
                .body("find { it.severity == 'major' }.median_minutes_to_acknowledge", equalTo(20.0f))
                .body("find { it.severity == 'major' }.p90_minutes_to_resolve", equalTo(120.0f))
                .body("find { it.severity == 'major' }.compensation_total", equalTo(20))
                .body("find { it.severity == 'minor' }.opened", equalTo(2))
                .body("find { it.severity == 'minor' }.acknowledged_on_time", equalTo(1))
                .body("find { it.severity == 'minor' }.resolved_on_time", equalTo(0))
                .body("find { it.severity == 'minor' }.median_minutes_to_acknowledge", equalTo(150.0f))
                .body("find { it.severity == 'minor' }.median_minutes_to_resolve", nullValue());

        // 03-02 satisfaction check: f3a completed (5, satisfied). 03-05 check-ins: f3b open, f6 missed.
        given().get("/analytics/followups" + RANGE).then().statusCode(200)
                .body("find { it.day == '2026-03-02' }.completed", equalTo(1))
                .body("find { it.day == '2026-03-02' }.avg_score", equalTo(5))
                .body("find { it.day == '2026-03-02' }.satisfied_rate", equalTo(1))
                .body("find { it.day == '2026-03-05' }.scheduled", equalTo(2))
                .body("find { it.day == '2026-03-05' }.missed", equalTo(1))
                .body("find { it.day == '2026-03-05' }.completion_rate", equalTo(0));

        // Broken (not kept late): p3 breakdown 11h, p6 breakdown 15h (delivery), p4 inefficiency 11h (clean);
        // delivery's recoveries found "van maintenance" twice.
        given().get("/analytics/patterns").then().statusCode(200)
                .body("size()", equalTo(3))
                .body("findAll { it.guarantee_id == 'delivery' }.hour_of_day", org.hamcrest.Matchers.containsInAnyOrder(11, 15))
                .body("findAll { it.guarantee_id == 'delivery' }.same_problem_twice", contains(true, true))
                .body("find { it.guarantee_id == 'clean' }.category", equalTo("inefficiency"))
                .body("find { it.guarantee_id == 'clean' }.weekday", equalTo(1))
                .body("find { it.guarantee_id == 'clean' }.same_problem_twice", equalTo(false));

        // ann never failed and came back; bob's promise was kept late (a failure, never recovered);
        // cat failed once, was recovered, came back and scored 5; dan failed twice.
        given().get("/analytics/paradox").then().statusCode(200)
                .body("cohort", contains("never_failed", "not_recovered", "recovered", "repeat_failure"))
                .body("find { it.cohort == 'never_failed' }.returned_rate", equalTo(1))
                .body("find { it.cohort == 'recovered' }.customers", equalTo(1))
                .body("find { it.cohort == 'recovered' }.returned_rate", equalTo(1))
                .body("find { it.cohort == 'recovered' }.avg_score", equalTo(5))
                .body("find { it.cohort == 'not_recovered' }.returned_rate", equalTo(0))
                .body("find { it.cohort == 'repeat_failure' }.customers", equalTo(1));

        given().get("/analytics/customers/cat/timeline").then()
                .body("detail.customerProblem", hasItem("needs it for a party"))
                .body("detail.comment", hasItem("great"))
                .body("[0].type", equalTo("io.kept.promise.made"))
                .body("[9].type", equalTo("io.kept.customer.returned"));

        // At 17:00 p5 (due 16:00) is the one open promise past due.
        given().get("/analytics/at-risk").then().statusCode(200)
                .body("promise_id", contains("p5")).body("[0].overdue", equalTo(true));
    }
}
