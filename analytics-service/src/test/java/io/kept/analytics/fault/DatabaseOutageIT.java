package io.kept.analytics.fault;

import static io.kept.testkit.Api.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.kept.analytics.ScriptedDay;
import io.kept.events.Topics;
import io.kept.testkit.DatabaseOutage;
import io.kept.testkit.KafkaResource;
import io.kept.testkit.OutagePostgresResource;
import io.kept.testkit.TestDatabase;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Set;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The scripted day arriving on all three topics while the database refuses connections for 25 s:
 * every event is projected exactly once when it is back, and nothing is dead-lettered.
 */
@QuarkusTest
@WithTestResource(OutagePostgresResource.class)
@WithTestResource(value = KafkaResource.class, initArgs = @ResourceArg(name = KafkaResource.TOPICS, value = ScriptedDay.TOPICS))
class DatabaseOutageIT {

    @Test
    void eventsArrivingWhileTheDatabaseIsAwayAreProjectedOnceItIsBack() throws Exception {
        ScriptedDay day = new ScriptedDay();
        DatabaseOutage.Observed seen = DatabaseOutage.during(RestAssured.port, Duration.ofSeconds(25), day::publish);

        Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            given().get("/analytics/customers/cat/timeline").then().statusCode(200).body("size()", equalTo(10));
            given().get("/analytics/customers/dan/timeline").then().body("size()", equalTo(13));
            given().get("/analytics/customers/ann/timeline").then().body("size()", equalTo(5));
        });
        Set<String> keys = day.keys();
        int deadLettered = DatabaseOutage.deadLettered(Topics.PROMISE_EVENTS, keys).size()
                + DatabaseOutage.deadLettered(Topics.RECOVERY_EVENTS, keys).size()
                + DatabaseOutage.deadLettered(Topics.FOLLOWUP_EVENTS, keys).size();
        assertThat(consumed() + " events projected, " + deadLettered + " dead-lettered")
                .as("%d events published while the database was away", day.size())
                .isEqualTo(day.size() + " events projected, 0 dead-lettered");
        assertThat(seen.retrying()).as("kept-consumers in /q/health during the outage").contains("retrying kept.");
        assertThat(seen.notReady()).as("readiness DOWN during the outage").isTrue();
        assertThat(seen.notLive()).as("liveness DOWN at any time (a restart cannot bring the database back)").isFalse();
        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            given().get("/q/health/ready").then().statusCode(200);
            given().get("/q/health").then().statusCode(200);
        });
    }

    private static long consumed() throws Exception {
        TestDatabase db = OutagePostgresResource.database();
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password());
                ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM analytics.consumed_events")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
