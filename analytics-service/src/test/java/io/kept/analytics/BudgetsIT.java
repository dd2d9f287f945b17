package io.kept.analytics;

import static io.kept.testkit.Api.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.equalTo;

import io.kept.testkit.Api;
import io.kept.testkit.KafkaResource;
import io.kept.testkit.PostgresResource;
import io.kept.testkit.TestDatabase;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The error budgets of guarantees (burn rates over the alert windows, and the alert state) and the trust budgets of
 * customers, on the scripted day and its evening ({@link ScriptedDay}, {@link ScriptedDay#burningEvening()}), against
 * numbers worked out by hand. Its own family, so its extra guarantee and customer stay out of ScriptedDayIT's
 * numbers; the trust window is 30 days here, to show it is configured. DashboardIT shares the family.
 */
@QuarkusTest
@TestProfile(BudgetsIT.Budgets.class)
@WithTestResource(PostgresResource.class)
@WithTestResource(value = KafkaResource.class, initArgs = @ResourceArg(name = KafkaResource.TOPICS, value = ScriptedDay.TOPICS))
class BudgetsIT {

    public static class Budgets extends FamilyOfItsOwn {
        @Override
        protected Map<String, String> overrides() {
            return Map.of("kept.trust.window", "30d");
        }
    }

    private static final String EVENING = "2026-03-02T20:00:00Z";

    private static boolean published;

    /** Once per family, from its first test (the application is not up yet in a {@code @BeforeAll}). */
    static synchronized void publishTheDayAndTheEvening() {
        if (published) {
            return;
        }
        new ScriptedDay().publish();
        ScriptedDay.burningEvening().publish();
        Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            given().get("/analytics/customers/dan/timeline").then().statusCode(200).body("size()", equalTo(13));
            given().get("/analytics/customers/fay/timeline").then().statusCode(200).body("size()", equalTo(10));
        });
        published = true;
    }

    @BeforeEach
    void published() {
        publishTheDayAndTheEvening();
    }

    /** "window: bad/total burn budget_consumed" of one guarantee, shortest window first, and its alert state. */
    private static Map<String, String> burn(String guarantee, String at) {
        JsonPath rows = given().get("/analytics/burn-rates?guaranteeId=" + guarantee + (at == null ? "" : "&at=" + at))
                .then().statusCode(200).extract().jsonPath();
        Map<String, String> out = new LinkedHashMap<>();
        for (Map<String, Object> row : rows.<Map<String, Object>>getList("")) {
            out.put(row.get("window_minutes") + "m", row.get("bad") + "/" + row.get("total") + " " + row.get("burn_rate")
                    + " " + row.get("budget_consumed"));
            out.put("state", (String) row.get("alert_state"));
        }
        return out;
    }

    @Test
    void atFivePmDeliveryBurnsItsBudgetTooFastForATicketAndCleanOnlyOverThreeDays() {
        // 17:00, delivery (budget 10 %): p2 kept late 13:00 and p6 broken 15:00 in the last 6 h (p3 at 11:00 is
        // exactly 6 h back, outside), p1 kept in time 10:00 too in the last 3 days: 28-day total 4.
        assertThat(burn("delivery", null)).containsExactly(
                Map.entry("5m", "0/0 0 0"),
                Map.entry("state", "ticket"),
                Map.entry("30m", "0/0 0 0"),
                Map.entry("60m", "0/0 0 0"),
                Map.entry("360m", "2/2 10 5"),
                Map.entry("4320m", "3/4 7.5 7.5"));
        // clean (budget 20 %): only p4, broken 11:00, 6 h back: the 3-day window alone sees it, so no ticket.
        assertThat(burn("clean", null)).containsEntry("360m", "0/0 0 0").containsEntry("4320m", "1/1 5 5")
                .containsEntry("state", "ok");
        // Nothing of burn is decided yet.
        assertThat(burn("burn", null)).containsEntry("4320m", "0/0 0 null").containsEntry("state", "ok");
    }

    @Test
    void atEightPmOneBrokenPromiseInFivePages() {
        // 20:00, burn (budget 1 %): b5 broken 19:58 is 1 of 1 in 5 min (100), 1 of 4 in the hour (b1 at 19:00 is
        // exactly an hour back): 25 over 1 h and 100 over 5 min, both above 14.4.
        assertThat(burn("burn", EVENING)).containsExactly(
                Map.entry("5m", "1/1 100 20"),
                Map.entry("state", "page"),
                Map.entry("30m", "1/3 33.3333 20"),
                Map.entry("60m", "1/4 25 20"),
                Map.entry("360m", "1/5 20 20"),
                Map.entry("4320m", "1/5 20 20"));
        // delivery at 20:00: p6 (15:00) alone in the last 6 h, still a ticket.
        assertThat(burn("delivery", EVENING)).containsEntry("360m", "1/1 10 2.5").containsEntry("state", "ticket");
    }

    @Test
    void eachCustomersTrustBudgetAsWorkedOutByHand() {
        JsonPath at5 = given().get("/analytics/customers/trust").then().statusCode(200).extract().jsonPath();
        // Most failures first, then the latest: dan failed twice (p4 11:00, p6 15:00; r6 abandoned), bob once (p2
        // kept late 13:00, no recovery), cat once (p3 broken 11:00, r3 resolved), ann never; fay's promises are not
        // made yet at 17:00.
        assertThat(at5.<String>getList("customer_id")).containsExactly("dan", "bob", "cat", "ann");
        assertThat(at5.<String>getList("status")).containsExactly("overdrawn", "spent", "spent", "intact");
        assertThat(at5.<Integer>getList("failures")).containsExactly(2, 1, 1, 0);
        assertThat(at5.<Integer>getList("remaining")).containsExactly(0, 0, 0, 1);
        assertThat(at5.<String>getList("last_recovery")).containsExactly("abandoned", "none", "resolved", null);
        assertThat(at5.<String>getList("last_failure_at"))
                .containsExactly("2026-03-02T15:00:00Z", "2026-03-02T13:00:00Z", "2026-03-02T11:00:00Z", null);

        given().get("/analytics/customers/trust?status=spent&at=" + EVENING).then().statusCode(200)
                .body("customer_id", equalTo(List.of("fay", "bob", "cat")));
        given().get("/analytics/customers/fay/trust?at=" + EVENING).then().statusCode(200)
                .body("status", equalTo("spent")).body("last_failed_promise_id", equalTo("b5"))
                .body("last_recovery", equalTo("none")).body("budget", equalTo(1));
        // The timeline carries the status now (the test clock's 17:00) and links to the trust read.
        given().get("/analytics/customers/dan/timeline").then().statusCode(200).header("Kept-Trust-Status", "overdrawn")
                .header("Link", "</analytics/customers/dan/trust>; rel=\"trust\"");
        given().get("/analytics/customers/ann/timeline").then().statusCode(200).header("Kept-Trust-Status", "intact");
        given().get("/analytics/customers/nobody/timeline").then().statusCode(200).body("size()", equalTo(0))
                .header("Kept-Trust-Status", org.hamcrest.Matchers.nullValue());
        // 30 days later dan's failures have left the window.
        given().get("/analytics/customers/dan/trust?at=2026-04-02T12:00:00Z").then().statusCode(200)
                .body("status", equalTo("intact")).body("failures", equalTo(0));
    }

    @Test
    void theParadoxCohortsAndTheTrustStatusesAgreeOnTheSameData() {
        Map<String, Integer> cohorts = new TreeMap<>();
        given().get("/analytics/paradox").then().statusCode(200).extract().jsonPath().<Map<String, Object>>getList("")
                .forEach(row -> cohorts.put((String) row.get("cohort"), ((Number) row.get("customers")).intValue()));
        Map<String, Integer> statuses = new TreeMap<>();
        // Every event of the day and the evening lies before 20:00 and within the 30-day window.
        given().get("/analytics/customers/trust?at=" + EVENING).then().statusCode(200).extract().jsonPath()
                .<String>getList("status").forEach(status -> statuses.merge(status, 1, Integer::sum));

        assertThat(cohorts).isEqualTo(Map.of("never_failed", 1, "recovered", 1, "not_recovered", 2, "repeat_failure", 1));
        assertThat(statuses).isEqualTo(Map.of("intact", 1, "spent", 3, "overdrawn", 1));
        assertThat(statuses.get("intact")).isEqualTo(cohorts.get("never_failed"));
        assertThat(statuses.get("spent")).isEqualTo(cohorts.get("recovered") + cohorts.get("not_recovered"));
        assertThat(statuses.get("overdrawn")).isEqualTo(cohorts.get("repeat_failure"));
    }

    @Test
    void theBiRoleReadsBothViewsAndThePolicyButNotTheTables() throws Exception {
        TestDatabase db = PostgresResource.current();
        try (Connection bi = DriverManager.getConnection(db.jdbcUrl(), "kept_bi", "kept_bi");
                Statement s = bi.createStatement()) {
            // As of now (months after the day): nothing decided in any window, every customer intact again.
            try (ResultSet rs = s.executeQuery("SELECT count(*), sum(total), min(alert_state), max(alert_state)"
                    + " FROM analytics.guarantee_burn_rates")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(3 * 5);
                assertThat(rs.getInt(2)).isZero();
                assertThat(rs.getString(3)).isEqualTo("ok");
                assertThat(rs.getString(4)).isEqualTo("ok");
            }
            try (ResultSet rs = s.executeQuery("SELECT count(*) FILTER (WHERE status = 'intact'), count(*)"
                    + " FROM analytics.customer_trust")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(5);
                assertThat(rs.getInt(2)).isEqualTo(5);
            }
            try (ResultSet rs = s.executeQuery("SELECT status FROM analytics.customer_trust_at('" + EVENING + "')"
                    + " WHERE customer_id = 'dan'")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("overdrawn");
            }
            try (ResultSet rs = s.executeQuery("SELECT failures, extract(day FROM trust_window) FROM analytics.trust_budget")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(1);
                assertThat(rs.getInt(2)).isEqualTo(30);
            }
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM analytics.burn_rate_alerts")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(3);
            }
            assertThatThrownBy(() -> s.executeQuery("SELECT * FROM analytics.promises")).hasMessageContaining("permission denied");
            assertThatThrownBy(() -> s.executeUpdate("UPDATE analytics.trust_budget SET failures = 9"))
                    .hasMessageContaining("permission denied");
        }
    }

    @Test
    void prometheusSeesEachLiveGuaranteesObjective() {
        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(
                Api.management().get("/q/metrics").then().statusCode(200).extract().asString().lines()
                        .filter(l -> l.startsWith("kept_guarantee_objective{")).sorted().toList())
                .containsExactly("kept_guarantee_objective{guarantee=\"burn\"} 0.99",
                        "kept_guarantee_objective{guarantee=\"clean\"} 0.8",
                        "kept_guarantee_objective{guarantee=\"delivery\"} 0.9"));
    }

    @Test
    void badReadsAreRefusedNamingTheField() {
        given().get("/analytics/burn-rates?at=yesterday").then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("at"));
        given().get("/analytics/customers/trust?status=broke").then().statusCode(400).body("errors[0].field", equalTo("status"));
        given().get("/analytics/customers/trust?at=3026-01-01T00:00:00Z").then().statusCode(400)
                .body("errors[0].field", equalTo("at"));
        given().get("/analytics/customers/nobody/trust").then().statusCode(404).contentType("application/problem+json");
    }
}
