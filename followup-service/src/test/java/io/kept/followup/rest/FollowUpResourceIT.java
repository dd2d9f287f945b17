package io.kept.followup.rest;

import static io.kept.followup.FollowUpTestSupport.RESOLVED;
import static io.kept.followup.FollowUpTestSupport.followUpEvents;
import static io.kept.followup.FollowUpTestSupport.resolvedRecovery;
import static io.kept.testkit.Api.given;
import static io.kept.testkit.FamilyTopics.types;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.kept.events.followup.FollowUpKind;
import io.kept.followup.FollowUpTestSupport;
import io.kept.followup.domain.FollowUpPolicy;
import io.kept.followup.watcher.OverdueWatcher;
import io.kept.testkit.KafkaResource;
import io.kept.testkit.OnVertx;
import io.kept.testkit.PostgresResource;
import io.kept.testkit.Replicas;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(PostgresResource.class)
@WithTestResource(value = KafkaResource.class, initArgs = @ResourceArg(name = KafkaResource.TOPICS, value = FollowUpTestSupport.TOPICS))
class FollowUpResourceIT {

    private final OverdueWatcher watcher;

    FollowUpResourceIT(OverdueWatcher watcher) {
        this.watcher = watcher;
    }

    private static io.restassured.response.Response complete(String id, String body) {
        return given().contentType(ContentType.JSON).body(body).post("/followups/" + id + "/completed");
    }

    @Test
    void completingTwiceBeforeItWasScheduledOrWithABadScoreIsRefused() {
        String check = FollowUpPolicy.followUpId(resolvedRecovery("c-" + UUID.randomUUID()), FollowUpKind.SATISFACTION_CHECK);
        complete(check, "{\"satisfied\":true,\"score\":7}").then().statusCode(400)
                .contentType("application/problem+json").body("errors.field", hasItem("score"));
        complete(check, "{\"score\":3}").then().statusCode(400).body("errors.field", hasItem("satisfied"));
        complete(check, "{\"satisfied\":true,\"score\":4,\"at\":\"" + RESOLVED.minusSeconds(60) + "\"}").then().statusCode(422)
                .contentType("application/problem+json").body("errors.field", hasItem("at"))
                .body("detail", containsString("before the follow-up was scheduled"));
        complete(check, "{\"satisfied\":false,\"score\":2}").then().statusCode(200);
        complete(check, "{\"satisfied\":true,\"score\":4}").then().statusCode(409)
                .body("detail", containsString("already completed"));
    }

    @Test
    void aCancelledFollowUpIsDoneAndCannotBeCompleted() {
        String customer = "c-" + UUID.randomUUID();
        String checkIn = FollowUpPolicy.followUpId(resolvedRecovery(customer), FollowUpKind.CHECK_IN);
        given().contentType(ContentType.JSON).body("{\"reason\":\"customer asked not to be contacted\"}")
                .post("/followups/" + checkIn + "/cancelled").then().statusCode(200).body("status", equalTo("cancelled"));
        complete(checkIn, "{\"satisfied\":true,\"score\":4}").then().statusCode(409);
        given().queryParam("status", "done").queryParam("customerId", customer).get("/followups").then()
                .body("items.followUpId", contains(checkIn));
    }

    @Test
    void twoWatchersRacingRecordEachMissedFollowUpOnceAndTheWorklistShowsItOverdue() throws Exception {
        String customer = "c-" + UUID.randomUUID();
        String recovery = resolvedRecovery(customer);
        String check = FollowUpPolicy.followUpId(recovery, FollowUpKind.SATISFACTION_CHECK);
        String checkIn = FollowUpPolicy.followUpId(recovery, FollowUpKind.CHECK_IN);
        // The satisfaction check was due 2 h after resolution; with 1 h grace it is missed 3 h after.
        Instant now = RESOLVED.plus(Duration.ofHours(3));

        Replicas.race(2, () -> OnVertx.await(() -> watcher.runOnce(now)));
        OnVertx.await(() -> watcher.runOnce(now.plusSeconds(600)));

        assertThat(types(followUpEvents(check, 2))).containsExactly("io.kept.followup.scheduled", "io.kept.followup.missed");
        given().get("/followups/" + check).then().body("status", equalTo("missed")).body("history.size()", equalTo(2));
        given().queryParam("status", "overdue").queryParam("customerId", customer).get("/followups").then()
                .body("items.followUpId", contains(check));
        given().queryParam("status", "due").queryParam("customerId", customer).get("/followups").then()
                .body("items.followUpId", contains(checkIn));
        // Late is better than never: a missed follow-up can still be completed.
        complete(check, "{\"satisfied\":true,\"score\":4}").then().statusCode(200).body("status", equalTo("completed"));
    }

    @Test
    void anUnknownStatusFilterIsRefused() {
        given().queryParam("status", "someday").get("/followups").then().statusCode(400)
                .body("errors.field", hasItem("status"));
    }

    @Test
    void aReturningCustomerIsRecordedOncePerReference() {
        String customer = "c-" + UUID.randomUUID();
        String body = "{\"at\":\"2026-03-20T09:00:00Z\",\"reference\":\"order-5120\"}";
        String first = given().contentType(ContentType.JSON).body(body).post("/customers/" + customer + "/returned")
                .then().statusCode(201).body("reference", equalTo("order-5120")).extract().path("eventId");
        given().contentType(ContentType.JSON).body(body).post("/customers/" + customer + "/returned")
                .then().statusCode(200).body("eventId", equalTo(first)).body("duplicate", equalTo(true));
        given().contentType(ContentType.JSON).body("{\"reference\":\"order-5121\"}").post("/customers/" + customer + "/returned")
                .then().statusCode(201);

        assertThat(types(followUpEvents(customer, 2))).containsExactly("io.kept.customer.returned",
                "io.kept.customer.returned");
    }
}
