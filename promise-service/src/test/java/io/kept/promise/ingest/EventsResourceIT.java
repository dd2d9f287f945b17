package io.kept.promise.ingest;

import static io.kept.promise.PromiseTestSupport.officeHoursGuarantee;
import static io.kept.testkit.Api.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kept.events.Topics;
import io.kept.promise.PromiseTestSupport;
import io.kept.promise.ReportsDatedMondayNoon;
import io.kept.testkit.FamilyTopics;
import io.kept.testkit.KafkaResource;
import io.kept.testkit.PostgresResource;
import io.kept.testkit.TopicReader;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
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

    /** The envelope is bounded as REST bodies are: a time from 1970 to 2200, an id of at most 200 characters. */
    @Test
    void aTimeOutOfRangeOrAnOverlongIdIsRefusedNamingTheAttribute() {
        String guarantee = officeHoursGuarantee("PT16H");
        String id = "p-bounds-" + UUID.randomUUID();
        given().contentType("application/cloudevents+json").body("""
                {"specversion":"1.0","id":"%1$s-made","type":"io.kept.promise.made","source":"/shop","subject":"%1$s",
                 "time":"+30000-01-01T00:00:00Z","data":{"guaranteeId":"%2$s","customerId":"c-bounds"}}"""
                .formatted(id, guarantee))
                .post("/events").then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", hasItem("time"));
        given().contentType("application/cloudevents+json").body("""
                {"specversion":"1.0","id":"%3$s","type":"io.kept.promise.made","source":"/shop","subject":"%1$s",
                 "data":{"guaranteeId":"%2$s","customerId":"c-bounds"}}""".formatted(id, guarantee, "x".repeat(20_000)))
                .post("/events").then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", hasItem("id"));
        given().get("/promises/" + id).then().statusCode(404);
        given().contentType("application/cloudevents+json").body("""
                {"specversion":"1.0","id":"%3$s","type":"io.kept.promise.made","source":"/shop","subject":"%1$s",
                 "data":{"guaranteeId":"%2$s","customerId":"c-bounds"}}"""
                .formatted(id, guarantee, "x".repeat(200)))
                .post("/events").then().statusCode(201);
    }

    @Test
    void anEventWithoutItsRequiredAttributesIsRefused() {
        given().contentType("application/cloudevents+json").body("{\"id\":\"x\",\"type\":\"io.kept.promise.kept\"}")
                .post("/events").then().statusCode(400).contentType("application/problem+json");
    }
    /** The names of the REST bodies these events replaced still read: at for a pause, resume or cancellation, eventId. */
    @Test
    void theRestBodiesNamesStillRead() {
        String guarantee = officeHoursGuarantee("PT16H");
        String id = "p-rest-names-" + UUID.randomUUID();
        given().contentType("application/cloudevents+json").body(made(UUID.randomUUID().toString(), id, guarantee))
                .post("/events").then().statusCode(201);
        String batch = """
                [{"specversion":"1.0","id":"%1$s-p","type":"io.kept.promise.paused","source":"/shop","subject":"%1$s",
                  "data":{"eventId":"%2$s","at":"2026-03-09T09:00:00Z","reason":"waiting on the customer"}},
                 {"specversion":"1.0","id":"%1$s-r","type":"io.kept.promise.resumed","source":"/shop","subject":"%1$s",
                  "data":{"at":"2026-03-09T11:00:00Z"}},
                 {"specversion":"1.0","id":"%1$s-c","type":"io.kept.promise.cancelled","source":"/shop","subject":"%1$s",
                  "data":{"at":"2026-03-09T12:00:00Z","reason":"order withdrawn"}}]
                """.formatted(id, UUID.randomUUID());
        given().contentType("application/cloudevents-batch+json").body(batch).post("/events").then().statusCode(200)
                .body("results.status", contains(200, 200, 200));

        given().get("/promises/" + id).then()
                .body("status", equalTo("cancelled"))
                .body("history.occurredAt", contains("2026-03-06T15:00:00Z", "2026-03-09T09:00:00Z", "2026-03-09T11:00:00Z",
                        "2026-03-09T12:00:00Z"));
    }

    @Test
    void aPromiseIdInTheDataThatIsNotTheSubjectIsRefusedNamingIt() {
        String guarantee = officeHoursGuarantee("PT16H");
        String id = "p-two-ids-" + UUID.randomUUID();
        given().contentType("application/cloudevents+json").body(made(UUID.randomUUID().toString(), id, guarantee))
                .post("/events").then().statusCode(201);

        given().contentType("application/cloudevents+json").body("""
                {"specversion":"1.0","id":"%1$s-k","type":"io.kept.promise.kept","source":"/shop","subject":"%1$s",
                 "data":{"promiseId":"another-promise"}}""".formatted(id))
                .post("/events").then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", hasItem("data.promiseId"));
        given().get("/promises/" + id).then().body("status", equalTo("open"));
    }

    /**
     * Whatever Kept publishes on kept.promise-events it takes back on POST /events: the records of three promises
     * (paused, resumed and kept; broken; cancelled), their data exactly as published but for the promise's id, make
     * three new promises in the same state with the same history.
     */
    @Test
    void keptsOwnRecordsSentBackMakeTheSamePromises() throws Exception {
        String guarantee = officeHoursGuarantee("PT16H");
        String suffix = UUID.randomUUID().toString();
        Map<String, Integer> published = new LinkedHashMap<>();
        String kept = "p-own-kept-" + suffix;
        make(kept, guarantee);
        given().contentType(ContentType.JSON).body("{\"at\":\"2026-03-02T13:00:00Z\",\"reason\":\"customer away\"}")
                .post("/promises/" + kept + "/paused").then().statusCode(200);
        given().contentType(ContentType.JSON).body("{\"at\":\"2026-03-03T10:00:00Z\"}")
                .post("/promises/" + kept + "/resumed").then().statusCode(200);
        given().contentType(ContentType.JSON).body("{\"keptAt\":\"2026-03-04T09:30:00Z\"}")
                .post("/promises/" + kept + "/kept").then().statusCode(200);
        published.put(kept, 4);
        String broken = "p-own-broken-" + suffix;
        make(broken, guarantee);
        given().contentType(ContentType.JSON).body("""
                {"brokenAt":"2026-03-02T14:00:00Z","category":"mistake","severity":"major","avoidable":true,
                 "description":"wrong parcel"}""").post("/promises/" + broken + "/broken").then().statusCode(200);
        published.put(broken, 2);
        String cancelled = "p-own-cancelled-" + suffix;
        make(cancelled, guarantee);
        given().contentType(ContentType.JSON).body("{\"at\":\"2026-03-02T15:00:00Z\",\"reason\":\"order withdrawn\"}")
                .post("/promises/" + cancelled + "/cancelled").then().statusCode(200);
        published.put(cancelled, 2);

        ObjectMapper json = new ObjectMapper();
        ArrayNode batch = json.createArrayNode();
        published.forEach((id, count) -> {
            for (ConsumerRecord<String, byte[]> record : FamilyTopics.keyed(Topics.PROMISE_EVENTS, id, count)) {
                ObjectNode data;
                try {
                    data = (ObjectNode) json.readTree(record.value());
                } catch (java.io.IOException e) {
                    throw new IllegalStateException(e);
                }
                assertThat(data.path("promiseId").asText()).isEqualTo(id); // as Kept publishes it
                data.put("promiseId", "again-" + id);
                batch.addObject().put("specversion", "1.0").put("id", UUID.randomUUID().toString())
                        .put("type", TopicReader.header(record, "ce_type")).put("source", "/replay")
                        .put("subject", "again-" + id).put("time", TopicReader.header(record, "ce_time"))
                        .put("datacontenttype", "application/json").set("data", data);
            }
        });
        assertThat(batch).hasSize(8);

        List<Integer> statuses = given().contentType("application/cloudevents-batch+json").body(batch.toString())
                .post("/events").then().statusCode(200).extract().jsonPath().getList("results.status", Integer.class);
        assertThat(statuses).containsExactly(201, 200, 200, 200, 201, 200, 201, 200);

        for (String id : published.keySet()) {
            var original = given().get("/promises/" + id).then().statusCode(200).extract().jsonPath();
            var again = given().get("/promises/again-" + id).then().statusCode(200).extract().jsonPath();
            for (String field : List.of("status", "guaranteeId", "guaranteeVersion", "customerId", "madeAt", "dueAt",
                    "target", "keptLate", "breachCause", "channel", "team", "agent")) {
                assertThat(again.getString(field)).as(id + " " + field).isEqualTo(original.getString(field));
            }
            assertThat(again.getList("history.type")).as(id).isEqualTo(original.getList("history.type"));
            assertThat(again.getList("history.occurredAt")).as(id).isEqualTo(original.getList("history.occurredAt"));
            List<Map<String, Object>> originalData = original.getList("history.data");
            List<Map<String, Object>> againData = again.getList("history.data");
            for (int i = 0; i < originalData.size(); i++) {
                Map<String, Object> expected = new LinkedHashMap<>(originalData.get(i));
                expected.put("promiseId", "again-" + id);
                assertThat(againData.get(i)).as(id + " event " + i).isEqualTo(expected);
            }
        }
    }

    private static void make(String id, String guarantee) {
        given().contentType(ContentType.JSON).body("""
                {"promiseId":"%s","guaranteeId":"%s","customerId":"c-own","madeAt":"2026-03-02T10:00:00Z",
                 "channel":"web","team":"logistics","agent":"agent-7"}""".formatted(id, guarantee))
                .post("/promises").then().statusCode(201);
    }
}
