package io.kept.eventstore;

import static io.kept.testkit.Api.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.kept.testkit.KafkaResource;
import io.kept.testkit.PostgresResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What a client of any Kept write endpoint sees: idempotent retries and problem+json errors. */
@QuarkusTest
@WithTestResource(PostgresResource.class)
@WithTestResource(value = KafkaResource.class, initArgs = @ResourceArg(name = KafkaResource.TOPICS, value = KeptTestResources.TOPICS))
class RequestIdempotencyAndProblemsIT {

    private static final String BODY = "{\"customerId\":\"c-1\",\"dueAt\":\"2026-03-02T13:00:00Z\"}";

    @Test
    void aRetryWithTheSameIdempotencyKeyAnswersTheSameAndAppendsNothing() throws Exception {
        String id = "p-key-" + UUID.randomUUID();
        String key = UUID.randomUUID().toString();

        Response first = post(id, key, BODY);
        Response retry = post(id, key, BODY);

        first.then().statusCode(201).body("promiseId", equalTo(id));
        retry.then().statusCode(201);
        assertThat(retry.asString()).isEqualTo(first.asString());
        assertThat(eventsOn(id)).isEqualTo(1);
    }

    @Test
    void theSameIdempotencyKeyWithAnotherBodyIsAConflict() throws Exception {
        String id = "p-key-" + UUID.randomUUID();
        String key = UUID.randomUUID().toString();
        post(id, key, BODY).then().statusCode(201);

        post(id, key, "{\"customerId\":\"c-2\",\"dueAt\":\"2026-03-02T13:00:00Z\"}").then()
                .statusCode(409)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:kept:problem:idempotency-conflict"))
                .body("status", equalTo(409))
                .body("detail", containsString(key));
        assertThat(eventsOn(id)).isEqualTo(1);
    }

    @Test
    void theOpenApiDocumentSaysEveryErrorIsAProblemAndAnyOperationMayBeA503WhileTheDatabaseIsAway() {
        var openApi = given().queryParam("format", "json").get("/q/openapi").then().statusCode(200).extract().jsonPath();
        String post = "paths.'/test/promises/{id}'.post.responses";

        assertThat(openApi.getString(post + ".'503'.description")).contains("database is away");
        assertThat(openApi.getString(post + ".'503'.headers.'Retry-After'.description")).isNotBlank();
        // The declared 409, and the 401 and 403 that security adds, name no content: each is said to be a problem.
        for (String status : List.of("503", "409", "401", "403")) {
            assertThat(openApi.getString(post + ".'" + status + "'.content.'application/problem+json'.schema.$ref"))
                    .as(status).isEqualTo("#/components/schemas/Problem");
        }
        assertThat(openApi.getMap("components.schemas.Problem.properties")).containsKeys("type", "title", "status", "detail");
    }

    @Test
    void writingAStreamThatMovedOnIsAConflictSayingWhy() {
        String id = "p-twice-" + UUID.randomUUID();
        post(id, null, BODY).then().statusCode(201);

        post(id, null, BODY).then()
                .statusCode(409)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:kept:problem:concurrency-conflict"))
                .body("detail", containsString("is at version 1, expected 0"));
    }

    @Test
    void aMissingFieldIsA400ThatNamesIt() {
        post("p-bad-" + UUID.randomUUID(), null, "{\"dueAt\":\"2026-03-02T13:00:00Z\"}").then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:kept:problem:invalid-input"))
                .body("errors.field", hasItem("customerId"))
                .body("detail", containsString("customerId"));
    }

    @Test
    void aValueOfTheWrongFormatIsA400ThatNamesTheField() {
        post("p-bad-" + UUID.randomUUID(), null, "{\"customerId\":\"c-1\",\"dueAt\":\"next tuesday\"}").then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", hasItem("dueAt"));
    }

    @Test
    void anUnknownFieldIsA400ThatNamesIt() {
        post("p-bad-" + UUID.randomUUID(), null, "{\"customerId\":\"c-1\",\"dueAt\":\"2026-03-02T13:00:00Z\",\"duAt\":1}").then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", hasItem("duAt"))
                .body("errors.message", hasItem("is not a known field"));
    }

    @Test
    void malformedJsonIsA400() {
        post("p-bad-" + UUID.randomUUID(), null, "{\"customerId\":").then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:kept:problem:malformed-json"));
    }

    @Test
    void anUnknownPathIsAProblemToo() {
        given().when().get("/no/such/thing").then()
                .statusCode(404)
                .contentType("application/problem+json")
                .body("status", equalTo(404));
    }

    private static Response post(String id, String key, String body) {
        var request = given().contentType(ContentType.JSON).body(body);
        if (key != null) {
            request = request.header("Idempotency-Key", key);
        }
        return request.when().post("/test/promises/" + id);
    }

    private static long eventsOn(String streamId) throws Exception {
        try (Connection c = KeptTestResources.jdbc(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM store_test.events WHERE stream_id = '" + streamId + "'")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
