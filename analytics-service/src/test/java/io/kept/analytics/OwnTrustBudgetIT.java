package io.kept.analytics;

import static io.kept.testkit.Api.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.kept.testkit.KafkaResource;
import io.kept.testkit.MutableClock;
import io.kept.testkit.PostgresResource;
import io.kept.testkit.TestDatabase;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * A guarantee that names its own trust budget ({@link ScriptedDay#ownTrustBudget()}): its failures count against that
 * budget alone, per customer, and every other guarantee's against the configured one (the default, 1 in 90 days).
 * Its own family, so that its week stays out of the scripted day's numbers.
 */
@QuarkusTest
@TestProfile(OwnTrustBudgetIT.OwnBudget.class)
@WithTestResource(PostgresResource.class)
@WithTestResource(value = KafkaResource.class, initArgs = @ResourceArg(name = KafkaResource.TOPICS, value = ScriptedDay.TOPICS))
class OwnTrustBudgetIT {

    public static class OwnBudget extends FamilyOfItsOwn {
    }

    private static final String NOON = "2026-03-12T12:00:00Z";

    @Inject
    MutableClock clock;

    /** "customer budget-of: status failures/budget in window, last failure" per row of the trust read. */
    private static List<String> trust(String query) {
        JsonPath rows = given().get("/analytics/customers/trust?" + query).then().statusCode(200).extract().jsonPath();
        List<String> out = new ArrayList<>();
        for (Map<String, Object> row : rows.<Map<String, Object>>getList("")) {
            out.add(row.get("customer_id") + " " + row.get("guarantee_id") + ": " + row.get("status") + " "
                    + row.get("failures") + "/" + row.get("budget") + " in " + row.get("trust_window") + ", last "
                    + row.get("last_failed_promise_id") + " " + row.get("last_recovery"));
        }
        return out;
    }

    @Test
    void aGuaranteesOwnBudgetJudgesItsFailuresAloneUntilARevisionDropsIt() throws Exception {
        ScriptedDay.ownTrustBudget().publish();
        Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(trust("at=" + NOON)).hasSize(4));

        // Shared, gus would have failed 3 times against a budget of 1. Apart: twice against repair's 2, once against 1.
        assertThat(trust("at=" + NOON)).containsExactly(
                "hal repair: overdrawn 3/2 in PT168H, last h3 none",
                "gus repair: spent 2/2 in PT168H, last g2 none",
                "gus null: spent 1/1 in PT2160H, last g3 none",
                "ivy null: intact 0/1 in PT2160H, last null null");
        assertThat(trust("status=overdrawn&at=" + NOON)).containsExactly("hal repair: overdrawn 3/2 in PT168H, last h3 none");

        // One customer's read: the worst budget's fields (both of gus's are spent; repair's has more failures) and all
        // of them.
        given().get("/analytics/customers/gus/trust?at=" + NOON).then().statusCode(200)
                .body("status", equalTo("spent")).body("guarantee_id", equalTo("repair"))
                .body("budgets.guarantee_id", equalTo(java.util.Arrays.asList("repair", null)))
                .body("budgets.status", equalTo(List.of("spent", "spent")));
        // A week on, repair's 7 days hold nothing; the configured 90 days still hold g3.
        given().get("/analytics/customers/hal/trust?at=2026-03-20T00:00:00Z").then().statusCode(200)
                .body("status", equalTo("intact")).body("failures", equalTo(0));
        given().get("/analytics/customers/gus/trust?at=2026-03-20T00:00:00Z").then().statusCode(200)
                .body("status", equalTo("spent")).body("guarantee_id", equalTo(null));

        // The timeline shows the worst status.
        Instant before = clock.instant();
        clock.set(Instant.parse(NOON));
        try {
            given().get("/analytics/customers/hal/timeline").then().statusCode(200).header("Kept-Trust-Status", "overdrawn");
            given().get("/analytics/customers/gus/timeline").then().statusCode(200).header("Kept-Trust-Status", "spent");
            given().get("/analytics/customers/ivy/timeline").then().statusCode(200).header("Kept-Trust-Status", "intact");
        } finally {
            clock.set(before);
        }

        // BI tools read the same rows.
        TestDatabase db = PostgresResource.current();
        try (Connection bi = DriverManager.getConnection(db.jdbcUrl(), "kept_bi", "kept_bi");
                Statement s = bi.createStatement();
                ResultSet rs = s.executeQuery("SELECT customer_id, guarantee_id, status, budget, extract(day FROM trust_window)"
                        + " FROM analytics.customer_trust_at('" + NOON + "') WHERE customer_id = 'hal'")) {
            assertThat(rs.next()).isTrue();
            assertThat(List.of(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4), rs.getInt(5)))
                    .containsExactly("hal", "repair", "overdrawn", 2, 7);
            assertThat(rs.next()).isFalse();
        }

        // Revised to share the configured budget again: every failure counts against it, one row per customer.
        ScriptedDay.repairSharesTheConfiguredBudget().publish();
        Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(trust("at=" + NOON)).containsExactly(
                "hal null: overdrawn 3/1 in PT2160H, last h3 none",
                "gus null: overdrawn 3/1 in PT2160H, last g3 none",
                "ivy null: intact 0/1 in PT2160H, last null null"));
    }
}
