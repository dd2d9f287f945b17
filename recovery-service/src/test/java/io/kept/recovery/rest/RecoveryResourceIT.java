package io.kept.recovery.rest;

import static io.kept.recovery.RecoveryTestSupport.T0;
import static io.kept.recovery.RecoveryTestSupport.recoveryEvents;
import static io.kept.testkit.Api.as;
import static io.kept.testkit.Api.given;
import static io.kept.testkit.FamilyTopics.types;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.kept.events.Roles;
import io.kept.events.promise.Severity;
import io.kept.recovery.RecoveryTestSupport;
import io.kept.testkit.KafkaResource;
import io.kept.testkit.PostgresResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(PostgresResource.class)
@WithTestResource(value = KafkaResource.class, initArgs = @ResourceArg(name = KafkaResource.TOPICS, value = RecoveryTestSupport.TOPICS))
class RecoveryResourceIT {

    private static final String ACK = "{\"apology\":\"We are sorry your parcel is late\"}";

    static String openRecovery(String customer, Severity severity) {
        return RecoveryResourceITSupport.open(customer, severity);
    }

    private static String resolution(String amount, String currency) {
        return """
                {"resolution":"Courier delivered on Saturday","extraMile":"Gift-wrapped",
                 "compensation":{"kind":"credit","amount":%s,"currency":"%s"}}
                """.formatted(amount, currency);
    }

    /** A step taken by agent-7, who holds kept-agent only. */
    private static io.restassured.response.Response post(String id, String step, String body) {
        return as(AGENT, Roles.AGENT).contentType(ContentType.JSON).body(body).post("/recoveries/" + id + "/" + step);
    }

    private static final String AGENT = "agent-7";

    @Test
    void theFourStepsAreRecordedAndPublished() {
        String id = openRecovery("c-" + UUID.randomUUID(), Severity.MAJOR);
        post(id, "acknowledged", ACK).then().statusCode(200).body("status", equalTo("acknowledged"));
        post(id, "diagnosed", "{\"customerProblem\":\"Needs it for a wedding\",\"rootCause\":\"depot sorting\"}")
                .then().statusCode(200).body("diagnosed", equalTo(true));
        post(id, "resolved", resolution("20.00", "EUR")).then().statusCode(200)
                .body("status", equalTo("resolved"))
                .body("clocks.resolvedAt", equalTo("2026-03-02T10:05:00Z"));

        given().get("/recoveries/" + id).then().statusCode(200)
                .body("steps.type", contains("io.kept.recovery.opened", "io.kept.recovery.acknowledged",
                        "io.kept.recovery.diagnosed", "io.kept.recovery.resolved"))
                .body("steps[3].data.compensation.amount", equalTo(20.00f))
                .body("steps[3].data.diagnosed", equalTo(true));
        assertThat(types(recoveryEvents(id, 4))).containsExactly("io.kept.recovery.opened",
                "io.kept.recovery.acknowledged", "io.kept.recovery.diagnosed", "io.kept.recovery.resolved");
    }

    @Test
    void resolvingBeforeAcknowledgingIsRefused() {
        String id = openRecovery("c-" + UUID.randomUUID(), Severity.MINOR);
        post(id, "resolved", resolution("5", "EUR")).then().statusCode(409)
                .contentType("application/problem+json")
                .body("detail", containsString("must be acknowledged"));
    }

    @Test
    void resolvingWithoutDiagnosisIsFlagged() {
        String id = openRecovery("c-" + UUID.randomUUID(), Severity.MINOR);
        post(id, "acknowledged", ACK).then().statusCode(200);
        post(id, "resolved", resolution("5", "EUR")).then().statusCode(200).body("diagnosed", equalTo(false));
        post(id, "resolved", resolution("5", "EUR")).then().statusCode(409)
                .body("detail", containsString("already resolved"));
    }

    @Test
    void aCompensationAboveTheLimitNeedsASupervisorWhomTheEventNames() {
        String id = openRecovery("c-" + UUID.randomUUID(), Severity.MINOR);
        post(id, "acknowledged", ACK).then().statusCode(200);
        post(id, "resolved", resolution("80", "EUR")).then().statusCode(422)
                .contentType("application/problem+json")
                .body("errors.field", contains("compensation.amount"))
                .body("detail", containsString("a supervisor must approve it"));
        // A body cannot claim an approver any more.
        post(id, "resolved", resolution("80", "EUR").replace("}}", "},\"approvedBy\":\"supervisor-2\"}")).then()
                .statusCode(400).body("errors.field", contains("approvedBy"));

        as("supervisor-2", Roles.SUPERVISOR).contentType(ContentType.JSON).body(resolution("80", "EUR"))
                .post("/recoveries/" + id + "/resolved").then().statusCode(200).body("status", equalTo("resolved"));
        given().get("/recoveries/" + id).then().statusCode(200)
                .body("steps[1].data.by", equalTo(AGENT))
                .body("steps[2].data.approvedBy", equalTo("supervisor-2"))
                .body("steps[2].data.resolvedBy", equalTo("supervisor-2"));
    }

    @Test
    void whoTookAStepIsTheTokensPrincipalNeverTheBody() {
        String id = openRecovery("c-" + UUID.randomUUID(), Severity.MINOR);
        post(id, "acknowledged", "{\"by\":\"someone-else\",\"apology\":\"Sorry\"}").then().statusCode(400)
                .body("errors.field", contains("by"));
        post(id, "acknowledged", ACK).then().statusCode(200);
        post(id, "diagnosed", "{\"customerProblem\":\"Needs it today\"}").then().statusCode(200);
        post(id, "resolved", resolution("20", "EUR")).then().statusCode(200);
        given().get("/recoveries/" + id).then().statusCode(200)
                .body("steps[1].data.by", equalTo(AGENT))
                .body("steps[2].data.by", equalTo(AGENT))
                .body("steps[3].data.resolvedBy", equalTo(AGENT))
                .body("steps[3].data.approvedBy", equalTo(null));
    }

    @Test
    void badMoneyIsRefusedNamingTheField() {
        String id = openRecovery("c-" + UUID.randomUUID(), Severity.MINOR);
        post(id, "acknowledged", ACK).then().statusCode(200);
        post(id, "resolved", resolution("-1", "EUR")).then().statusCode(400)
                .body("errors.field", hasItem("compensation.amount"));
        post(id, "resolved", resolution("10", "euro")).then().statusCode(400)
                .body("errors.field", hasItem("compensation.currency"));
        post(id, "resolved", resolution("10", "XYZ")).then().statusCode(400)
                .body("errors.field", hasItem("compensation.currency"));
        post(id, "acknowledged", "{\"at\":\"2026-03-02T10:05:00Z\"}").then().statusCode(400).body("errors.field", hasItem("apology"));
    }

    @Test
    void anAbandonedRecoveryTakesNoMoreSteps() {
        String id = openRecovery("c-" + UUID.randomUUID(), Severity.MINOR);
        post(id, "abandoned", "{\"reason\":\"customer unreachable\"}").then().statusCode(200)
                .body("status", equalTo("abandoned"));
        post(id, "acknowledged", ACK).then().statusCode(409).body("detail", containsString("abandoned"));
    }

    @Test
    void aRetriedStepWithTheSameEventIdChangesNothing() {
        String id = openRecovery("c-" + UUID.randomUUID(), Severity.MINOR);
        String ack = "{\"eventId\":\"" + UUID.randomUUID() + "\",\"apology\":\"Sorry\"}";
        post(id, "acknowledged", ack).then().statusCode(200);
        post(id, "acknowledged", ack).then().statusCode(200).body("status", equalTo("acknowledged"));
        given().get("/recoveries/" + id).then().body("steps.size()", equalTo(2));
    }

    @Test
    void theWorklistShowsTheOldestDueFirst() {
        String customer = "c-" + UUID.randomUUID();
        String minor = openRecovery(customer, Severity.MINOR);
        String major = openRecovery(customer, Severity.MAJOR);
        // Both opened at T0: the major one must be acknowledged within 1 h, the minor one within 4 h.
        given().queryParam("customerId", customer).queryParam("status", "open").get("/recoveries").then().statusCode(200)
                .body("items.recoveryId", contains(major, minor))
                .body("items[0].dueAt", equalTo(T0.plus(Duration.ofHours(1)).toString()));
        given().queryParam("status", "lost").get("/recoveries").then().statusCode(400).body("errors.field", hasItem("status"));
    }

    @Test
    void anUnknownRecoveryIs404() {
        given().get("/recoveries/" + UUID.randomUUID()).then().statusCode(404).contentType("application/problem+json");
        post(UUID.randomUUID().toString(), "acknowledged", ACK).then().statusCode(404);
    }
}
