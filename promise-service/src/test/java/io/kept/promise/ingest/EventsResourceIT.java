package io.kept.promise.ingest;

import static io.kept.promise.PromiseTestSupport.officeHoursGuarantee;
import static io.kept.testkit.Api.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import io.kept.promise.PromiseTestSupport;
import io.kept.promise.ReportsDatedMondayNoon;
import io.kept.testkit.KafkaResource;
import io.kept.testkit.PostgresResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(PostgresResource.class)
@WithTestResource(value = KafkaResource.class, initArgs = @ResourceArg(name = KafkaResource.TOPICS, value = PromiseTestSupport.TOPICS))
class EventsResourceIT extends ReportsDatedMondayNoon {

    private static String made(String eventId, String promiseId, String guarantee) {
        return """
                {"specversion":"1.0","id":"%s","type":"io.kept.promise.made","source":"/shop","subject":"%s",
                 "time":"2026-03-06T15:00:00Z","datacontenttype":"application/json",
                 "data":{"guaranteeId":"%s","customerId":"c-ce"}}
                """.formatted(eventId, promiseId, guarantee);
    }

    @Test
    void aStructuredMadeAndABinaryKeptDriveThePromise() {
        String guarantee = officeHoursGuarantee("PT16H");
        String id = "p-ce-" + UUID.randomUUID();
        given().contentType("application/cloudevents+json").body(made(UUID.randomUUID().toString(), id, guarantee))
                .post("/events").then().statusCode(201)
                .body("promiseId", equalTo(id))
                .body("madeAt", equalTo("2026-03-06T15:00:00Z"))
                .body("dueAt", equalTo("2026-03-10T15:00:00Z"));

        given().contentType("application/json")
                .header("ce-specversion", "1.0")
                .header("ce-id", "shop-delivery-981")
                .header("ce-type", "io.kept.promise.kept")
                .header("ce-source", "/shop")
                .header("ce-subject", id)
                .header("ce-time", "2026-03-09T10:00:00Z")
                .body("{}")
                .post("/events").then().statusCode(200)
                .body("status", equalTo("kept"))
                .body("keptLate", equalTo(false));

        given().get("/promises/" + id).then()
                .body("history.type", contains("io.kept.promise.made", "io.kept.promise.kept"))
                .body("history[1].occurredAt", equalTo("2026-03-09T10:00:00Z"));
    }

    @Test
    void aResentEventChangesNothing() {
        String guarantee = officeHoursGuarantee("PT16H");
        String id = "p-ce-" + UUID.randomUUID();
        String eventId = UUID.randomUUID().toString();
        given().contentType("application/cloudevents+json").body(made(eventId, id, guarantee)).post("/events")
                .then().statusCode(201);
        String kept = """
                {"specversion":"1.0","id":"k-%s","type":"io.kept.promise.kept","source":"/shop","subject":"%s","data":{}}
                """.formatted(eventId, id);
        given().contentType("application/cloudevents+json").body(kept).post("/events").then().statusCode(200);
        given().contentType("application/cloudevents+json").body(made(eventId, id, guarantee)).post("/events")
                .then().statusCode(201);
        given().contentType("application/cloudevents+json").body(kept).post("/events").then().statusCode(200);

        given().get("/promises/" + id).then().body("history", hasSize(2));
    }

    @Test
    void eachEventOfABatchSucceedsOrFailsOnItsOwn() {
        String guarantee = officeHoursGuarantee("PT16H");
        String id = "p-batch-" + UUID.randomUUID();
        String batch = "[" + made(UUID.randomUUID().toString(), id, guarantee) + ","
                + """
                {"specversion":"1.0","id":"b-2","type":"io.kept.promise.broken","source":"/shop","subject":"%s",
                 "data":{"severity":"major"}},
                {"specversion":"1.0","id":"b-3","type":"io.kept.promise.paused","source":"/shop","subject":"%s",
                 "time":"2026-03-09T09:00:00Z","data":{"reason":"waiting on the customer"}},
                {"specversion":"1.0","id":"b-4","type":"io.kept.promise.teleported","source":"/shop","subject":"%s"},
                {"id":"b-5","type":"io.kept.promise.kept"}
                ]""".formatted(id, id, id);

        given().contentType("application/cloudevents-batch+json").body(batch).post("/events").then()
                .statusCode(200)
                .body("results.status", contains(201, 400, 200, 400, 400))
                .body("results[0].problem", nullValue())
                .body("results[1].problem.errors.field", hasItem("data.category"))
                .body("results[2].promise.status", equalTo("paused"))
                .body("results[3].problem.errors.field", hasItem("type"));
    }

    @Test
    void anUnknownTypeIsRefusedNamingTheField() {
        given().contentType("application/cloudevents+json")
                .body("{\"specversion\":\"1.0\",\"id\":\"x\",\"type\":\"io.kept.promise.at-risk\",\"source\":\"/shop\",\"subject\":\"p\"}")
                .post("/events").then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", hasItem("type"));
    }

    @Test
    void anEventWithoutItsRequiredAttributesIsRefused() {
        given().contentType("application/cloudevents+json").body("{\"id\":\"x\",\"type\":\"io.kept.promise.kept\"}")
                .post("/events").then().statusCode(400).contentType("application/problem+json");
    }
}
