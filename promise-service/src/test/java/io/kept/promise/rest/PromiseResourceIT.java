package io.kept.promise.rest;

import static io.kept.promise.PromiseTestSupport.officeHoursGuarantee;
import static io.kept.testkit.Api.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;

import io.kept.events.Topics;
import io.kept.promise.PromiseTestSupport;
import io.kept.promise.ReportsDatedMondayNoon;
import io.kept.testkit.FamilyTopics;
import io.kept.testkit.KafkaResource;
import io.kept.testkit.PostgresResource;
import io.kept.testkit.Replicas;
import io.kept.testkit.TopicReader;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(PostgresResource.class)
@WithTestResource(value = KafkaResource.class, initArgs = @ResourceArg(name = KafkaResource.TOPICS, value = PromiseTestSupport.TOPICS))
class PromiseResourceIT extends ReportsDatedMondayNoon {

    // Friday 2026-03-06 16:00 in Berlin (UTC+1).
    private static final String FRIDAY_AFTERNOON = "2026-03-06T15:00:00Z";

    private static Response make(String body) {
        return given().contentType(ContentType.JSON).body(body).when().post("/promises");
    }

    private static String promise(String promiseId, String guaranteeId, String customerId) {
        return """
                {"promiseId":"%s","guaranteeId":"%s","customerId":"%s","madeAt":"%s","team":"logistics"}
                """.formatted(promiseId, guaranteeId, customerId, FRIDAY_AFTERNOON);
    }

    /** Makes a promise on Friday afternoon on a new office-hours guarantee with this target; answers its id. */
    private static String made(String target, String customerId) {
        String id = "p-" + UUID.randomUUID();
        make(promise(id, officeHoursGuarantee(target), customerId)).then().statusCode(201);
        return id;
    }

    /** Reports on a promise: {@code kept}, {@code broken}, {@code paused}, {@code resumed} or {@code cancelled}. */
    private static Response report(String id, String report, String body) {
        return given().contentType(ContentType.JSON).body(body).post("/promises/" + id + "/" + report);
    }

    @Test
    void aPromiseIsDueAfterItsTargetInWorkingTimeAndIsPublished() {
        String guarantee = officeHoursGuarantee("PT16H");
        String id = "p-" + UUID.randomUUID();

        // 16 working hours from Friday 16:00: Friday 1 h, Monday 8 h, Tuesday 7 h -> Tuesday 16:00 Berlin.
        make(promise(id, guarantee, "c-due")).then()
                .statusCode(201)
                .header("Location", containsString("/promises/" + id))
                .body("status", equalTo("open"))
                .body("dueAt", equalTo("2026-03-10T15:00:00Z"))
                .body("target", equalTo("PT16H"))
                .body("guaranteeVersion", equalTo(1));

        assertThat(FamilyTopics.types(FamilyTopics.keyed(Topics.PROMISE_EVENTS, id, 1))).containsExactly("io.kept.promise.made");
    }

    @Test
    void aRetriedPromiseAppendsNothingAndAnswersTheSame() {
        String guarantee = officeHoursGuarantee("PT4H");
        String id = "p-" + UUID.randomUUID();
        String first = make(promise(id, guarantee, "c-retry")).then().statusCode(201).extract().asString();
        String retry = make(promise(id, guarantee, "c-retry")).then().statusCode(201).extract().asString();

        assertThat(retry).isEqualTo(first);
        given().get("/promises/" + id).then().statusCode(200).body("history", hasSize(1));
    }

    @Test
    void theSamePromiseIdWithOtherDetailsIsAConflict() {
        String guarantee = officeHoursGuarantee("PT4H");
        String id = "p-" + UUID.randomUUID();
        make(promise(id, guarantee, "c-1")).then().statusCode(201);

        make(promise(id, guarantee, "c-2")).then().statusCode(409)
                .contentType("application/problem+json")
                .body("detail", containsString("already made with different details"));
    }

    @Test
    void aRetryWithTheSameIdempotencyKeyMakesOnePromise() {
        String guarantee = officeHoursGuarantee("PT4H");
        String key = UUID.randomUUID().toString();
        String body = "{\"guaranteeId\":\"" + guarantee + "\",\"customerId\":\"c-key\"}";
        String first = given().contentType(ContentType.JSON).header("Idempotency-Key", key).body(body).post("/promises")
                .then().statusCode(201).extract().asString();
        String retry = given().contentType(ContentType.JSON).header("Idempotency-Key", key).body(body).post("/promises")
                .then().statusCode(201).extract().asString();

        assertThat(retry).isEqualTo(first);
        given().queryParam("guaranteeId", guarantee).get("/promises").then().statusCode(200).body("items", hasSize(1));
    }

    @Test
    void anUnknownGuaranteeIsRefusedNamingTheField() {
        make(promise("p-" + UUID.randomUUID(), "no-such-guarantee", "c-1")).then()
                .statusCode(422)
                .contentType("application/problem+json")
                .body("errors.field", contains("guaranteeId"));
    }

    @Test
    void missingAndInvalidFieldsAreNamed() {
        make("{\"guaranteeId\":\"g\"}").then().statusCode(400).body("errors.field", hasItem("customerId"));
        String id = made("PT4H", "c-1");
        report(id, "broken", "{\"severity\":\"major\"}")
                .then().statusCode(400).contentType("application/problem+json").body("errors.field", hasItem("category"));
        report(id, "broken", "{\"category\":\"bad-luck\",\"severity\":\"major\"}")
                .then().statusCode(400).body("errors.field", hasItem("category"));
        given().queryParam("status", "lost").get("/promises").then().statusCode(400).body("errors.field", hasItem("status"));
    }

    @Test
    void aPauseMovesTheDueTimeByThePausedWorkingTime() {
        String id = made("PT16H", "c-pause");

        // Paused Monday 10:00 to 12:00 Berlin: 2 working hours. Due Tuesday 16:00 plus 2 working hours:
        // Tuesday 16:00-17:00, then Wednesday 09:00-10:00 -> Wednesday 10:00 Berlin.
        report(id, "paused", "{\"at\":\"2026-03-09T09:00:00Z\",\"reason\":\"waiting on the customer\"}")
                .then().statusCode(200).body("status", equalTo("paused"));
        report(id, "resumed", "{\"at\":\"2026-03-09T11:00:00Z\"}").then().statusCode(200)
                .body("status", equalTo("open"))
                .body("dueAt", equalTo("2026-03-11T09:00:00Z"));
    }

    @Test
    void aKeptPromiseShowsItsWholeHistory() {
        String id = made("PT16H", "c-kept");
        report(id, "kept", "{\"keptAt\":\"2026-03-09T10:00:00Z\"}").then().statusCode(200)
                .body("status", equalTo("kept"))
                .body("keptLate", equalTo(false));

        given().get("/promises/" + id).then().statusCode(200)
                .body("history.type", contains("io.kept.promise.made", "io.kept.promise.kept"))
                .body("history[1].occurredAt", equalTo("2026-03-09T10:00:00Z"));
    }

    @Test
    void keptAfterTheDueTimeIsKeptLate() {
        String id = made("PT4H", "c-late");
        report(id, "kept", "{\"keptAt\":\"2026-03-10T15:00:00Z\"}").then().statusCode(200)
                .body("status", equalTo("kept"))
                .body("keptLate", equalTo(true));
    }

    @Test
    void aBrokenPromiseCannotBeKeptAndTheAnswerSaysWhy() {
        String id = made("PT4H", "c-broken");
        report(id, "broken", "{\"category\":\"breakdown\",\"severity\":\"critical\",\"avoidable\":false,\"description\":\"van broke down\"}")
                .then().statusCode(200).body("status", equalTo("broken"))
                .body("breachCause", equalTo("reported"));

        report(id, "kept", "{}").then()
                .statusCode(409)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:kept:problem:illegal-transition"))
                .body("detail", containsString("a broken promise cannot be kept"));
    }

    @Test
    void aRetriedReportWithTheSameEventIdChangesNothing() {
        String id = made("PT4H", "c-event");
        String kept = "{\"eventId\":\"" + UUID.randomUUID() + "\",\"keptAt\":\"2026-03-06T15:30:00Z\"}";

        report(id, "kept", kept).then().statusCode(200);
        report(id, "kept", kept).then().statusCode(200)
                .body("status", equalTo("kept"));
        given().get("/promises/" + id).then().body("history", hasSize(2));
    }

    @Test
    void racingReportsOnOnePromiseAreDecidedOneAfterTheOtherNotRefusedAsAConflict() throws Exception {
        String guarantee = officeHoursGuarantee("PT4H");
        for (int round = 0; round < 5; round++) {
            String id = "p-" + UUID.randomUUID();
            make(promise(id, guarantee, "c-race")).then().statusCode(201);
            AtomicInteger turn = new AtomicInteger();
            List<Response> answers = Replicas.race(2, () -> report(id, turn.getAndIncrement() == 0 ? "kept" : "cancelled", "{}"));

            // One wins; the other is decided on the winner's state and told why, never "concurrent modification".
            assertThat(answers).extracting(Response::statusCode).containsExactlyInAnyOrder(200, 409);
            Response refused = answers.stream().filter(r -> r.statusCode() == 409).findFirst().orElseThrow();
            assertThat(refused.jsonPath().getString("type")).endsWith("illegal-transition");
        }
    }

    @Test
    void anUnknownPromiseIs404() {
        given().get("/promises/nope-" + UUID.randomUUID()).then().statusCode(404).contentType("application/problem+json");
        report("nope-" + UUID.randomUUID(), "kept", "{}").then().statusCode(404);
    }

    @Test
    void promisesAreListedByCustomerAndStatus() {
        String guarantee = officeHoursGuarantee("PT4H");
        String customer = "c-list-" + UUID.randomUUID();
        String keptId = "p-" + UUID.randomUUID();
        make(promise(keptId, guarantee, customer)).then().statusCode(201);
        make(promise("p-" + UUID.randomUUID(), guarantee, customer)).then().statusCode(201);
        report(keptId, "kept", "{\"keptAt\":\"2026-03-06T15:30:00Z\"}").then().statusCode(200);

        given().queryParam("customerId", customer).get("/promises").then().statusCode(200)
                .body("items", hasSize(2)).body("items.customerId", everyItem(equalTo(customer)));
        given().queryParam("customerId", customer).queryParam("status", "kept").get("/promises").then().statusCode(200)
                .body("items.promiseId", contains(keptId));
        given().queryParam("customerId", customer).queryParam("size", 1).queryParam("page", 1).get("/promises")
                .then().statusCode(200).body("items", hasSize(1)).body("page", equalTo(1));
    }

    @Test
    void aRetiredGuaranteeTakesNoNewPromisesButOldOnesGoOn() {
        String guarantee = officeHoursGuarantee("PT4H");
        String old = "p-" + UUID.randomUUID();
        make(promise(old, guarantee, "c-retired")).then().statusCode(201);

        given().contentType(ContentType.JSON).body("{\"reason\":\"service discontinued\"}")
                .post("/guarantees/" + guarantee + "/retired").then().statusCode(200).body("retired", equalTo(true));

        make(promise("p-" + UUID.randomUUID(), guarantee, "c-retired")).then().statusCode(409)
                .contentType("application/problem+json")
                .body("detail", containsString("takes no new promises"));
        report(old, "kept", "{\"keptAt\":\"2026-03-06T15:30:00Z\"}").then().statusCode(200).body("status", equalTo("kept"));
    }

    @Test
    void aRetryOfAPromiseMadeBeforeItsGuaranteeWasRetiredAnswersThePromise() {
        String guarantee = officeHoursGuarantee("PT4H");
        String id = "p-" + UUID.randomUUID();
        String first = make(promise(id, guarantee, "c-retired-retry")).then().statusCode(201).extract().asString();
        given().contentType(ContentType.JSON).body("{\"reason\":\"service discontinued\"}")
                .post("/guarantees/" + guarantee + "/retired").then().statusCode(200);

        // The client never saw the first answer and sends the same promise again: it was made, so it is answered.
        String retry = make(promise(id, guarantee, "c-retired-retry")).then().statusCode(201).extract().asString();

        assertThat(retry).isEqualTo(first);
        given().get("/promises/" + id).then().statusCode(200).body("history", hasSize(1));
    }

    @Test
    void everyAcceptedChangeIsOnTheTopicAsACloudEventKeyedByThePromise() {
        String id = made("PT16H", "c-topic");
        report(id, "paused", "{\"at\":\"2026-03-09T09:00:00Z\"}").then().statusCode(200);
        report(id, "resumed", "{\"at\":\"2026-03-09T10:00:00Z\"}").then().statusCode(200);
        report(id, "broken", "{\"category\":\"mistake\",\"severity\":\"minor\",\"avoidable\":true}").then().statusCode(200);

        var records = FamilyTopics.keyed(Topics.PROMISE_EVENTS, id, 4);
        assertThat(FamilyTopics.types(records)).containsExactly("io.kept.promise.made",
                "io.kept.promise.paused", "io.kept.promise.resumed", "io.kept.promise.broken");
        assertThat(records).allSatisfy(r -> {
            assertThat(TopicReader.header(r, "ce_source")).isEqualTo("/promise-service");
            assertThat(TopicReader.header(r, "ce_subject")).isEqualTo(id);
            assertThat(TopicReader.header(r, "ce_specversion")).isEqualTo("1.0");
        });
        assertThat(records).extracting(r -> TopicReader.header(r, "ce_streamversion")).containsExactly("1", "2", "3", "4");
    }
}
