package io.kept.promise.rest;

import static io.kept.testkit.Api.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.kept.events.Topics;
import io.kept.promise.PromiseTestSupport;
import io.kept.testkit.KafkaResource;
import io.kept.testkit.PostgresResource;
import io.kept.testkit.TopicReader;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(PostgresResource.class)
@WithTestResource(value = KafkaResource.class, initArgs = @ResourceArg(name = KafkaResource.TOPICS, value = PromiseTestSupport.TOPICS))
class GuaranteeResourceIT {

    private static String guarantee(String target, String calendar) {
        return """
                {"name":"Two-day delivery","customerProblem":"I need it before the weekend",
                 "promise":"Delivered within 2 business days","target":"%s","calendar":"%s","objective":0.95}
                """.formatted(target, calendar);
    }

    private static final String OFFICE_HOURS = """
            {"zone":"Europe/Berlin",
             "hours":{"monday":[{"from":"09:00","to":"17:00"}],"tuesday":[{"from":"09:00","to":"17:00"}],
                      "wednesday":[{"from":"09:00","to":"17:00"}],"thursday":[{"from":"09:00","to":"17:00"}],
                      "friday":[{"from":"09:00","to":"17:00"}]},
             "holidays":["2026-05-25"]}
            """;

    private static String calendarWithHolidays(int count) {
        String holidays = java.util.stream.IntStream.range(0, count)
                .mapToObj(i -> "\"" + java.time.LocalDate.of(2000, 1, 1).plusDays(i % 60_000) + "\"")
                .collect(java.util.stream.Collectors.joining(","));
        return OFFICE_HOURS.replace("\"holidays\":[\"2026-05-25\"]", "\"holidays\":[" + holidays + "]");
    }

    @Test
    void aCalendarOverTheHolidayBoundIsRefusedAndPublishingGoesOn() {
        // 100,000 holidays (1.4 MB) were once stored, and their event could never be published.
        String big = "big-" + UUID.randomUUID();
        given().contentType(ContentType.JSON).body(calendarWithHolidays(100_000)).put("/calendars/" + big)
                .then().statusCode(400).contentType("application/problem+json").body("errors.field", contains("holidays"));
        given().get("/calendars/" + big).then().statusCode(404);

        String most = "most-" + UUID.randomUUID();
        given().contentType(ContentType.JSON).body(calendarWithHolidays(CalendarResource.MAX_HOLIDAYS))
                .put("/calendars/" + most).then().statusCode(200);
        String after = "g-after-" + UUID.randomUUID();
        given().contentType(ContentType.JSON).body(guarantee("PT16H", most)).put("/guarantees/" + after).then().statusCode(201);
        var published = TopicReader.readUntil(KafkaResource.broker().bootstrapServers(), Topics.PROMISE_EVENTS,
                // Until both are read: they are on different partitions, which a reader may reach in either order.
                records -> records.stream().anyMatch(r -> after.equals(r.key()))
                        && records.stream().anyMatch(r -> most.equals(r.key())), Duration.ofSeconds(30));
        org.assertj.core.api.Assertions.assertThat(published.stream().map(r -> r.key()))
                .as("the largest calendar allowed and the guarantee after it are published").contains(most, after);
    }

    @Test
    void aBodyOverTheHttpLimitIsA413Problem() {
        given().contentType(ContentType.JSON).body(calendarWithHolidays(400_000)).put("/calendars/huge-" + UUID.randomUUID())
                .then().statusCode(413).contentType("application/problem+json")
                .body("title", equalTo("Request body too large"));
    }

    @Test
    void aNewGuaranteeIsCreatedAndPublished() {
        String id = "g-new-" + UUID.randomUUID();
        given().contentType(ContentType.JSON).body(guarantee("PT16H", "24x7"))
                .when().put("/guarantees/" + id)
                .then().statusCode(201)
                .body("guaranteeId", equalTo(id))
                .body("version", equalTo(1))
                .body("target", equalTo("PT16H"))
                .body("atRiskAt", equalTo(0.8f))
                .body("retired", equalTo(false));

        given().when().get("/guarantees/" + id).then().statusCode(200).body("name", equalTo("Two-day delivery"));
        given().when().get("/guarantees").then().statusCode(200).body("guaranteeId", hasItem(id));
        var published = TopicReader.readUntil(KafkaResource.broker().bootstrapServers(), Topics.PROMISE_EVENTS,
                records -> records.stream().anyMatch(r -> id.equals(r.key())), Duration.ofSeconds(30));
        org.assertj.core.api.Assertions.assertThat(published.stream().filter(r -> id.equals(r.key()))
                .map(r -> TopicReader.header(r, "ce_type"))).containsExactly("io.kept.guarantee.defined");
    }

    @Test
    void theSameDefinitionAgainChangesNothingAndAChangedOneIsTheNextVersion() {
        String id = "g-rev-" + UUID.randomUUID();
        given().contentType(ContentType.JSON).body(guarantee("PT16H", "24x7")).put("/guarantees/" + id).then().statusCode(201);
        given().contentType(ContentType.JSON).body(guarantee("PT16H", "24x7")).put("/guarantees/" + id)
                .then().statusCode(200).body("version", equalTo(1));
        given().contentType(ContentType.JSON).body(guarantee("PT12H", "24x7")).put("/guarantees/" + id)
                .then().statusCode(200).body("version", equalTo(2)).body("target", equalTo("PT12H"));
    }

    private static String withTrustBudget(String budget) {
        return guarantee("PT16H", "24x7").replace("\"objective\":0.95", "\"objective\":0.95,\"trustBudget\":" + budget);
    }

    @Test
    void aGuaranteeNamesItsOwnTrustBudgetWhichIsPublishedAndCanBeDroppedAgain() {
        String id = "g-trust-" + UUID.randomUUID();
        given().contentType(ContentType.JSON).body(withTrustBudget("{\"failures\":2,\"window\":\"P30D\"}"))
                .put("/guarantees/" + id).then().statusCode(201)
                .body("trustBudget.failures", equalTo(2)).body("trustBudget.window", equalTo("PT720H"));
        given().contentType(ContentType.JSON).body(withTrustBudget("{\"failures\":2,\"window\":\"PT720H\"}"))
                .put("/guarantees/" + id).then().statusCode(200).body("version", equalTo(1));
        given().contentType(ContentType.JSON).body(guarantee("PT16H", "24x7")).put("/guarantees/" + id)
                .then().statusCode(200).body("version", equalTo(2)).body("trustBudget", org.hamcrest.Matchers.nullValue());

        var published = TopicReader.readUntil(KafkaResource.broker().bootstrapServers(), Topics.PROMISE_EVENTS,
                records -> records.stream().filter(r -> id.equals(r.key())).count() == 2, Duration.ofSeconds(30));
        org.assertj.core.api.Assertions.assertThat(published.stream().filter(r -> id.equals(r.key()))
                .map(r -> budgetOf(r.value())))
                .as("the definition carries the budget, the revision that dropped it does not")
                .containsExactly("2 in PT720H", "none");
    }

    private static String budgetOf(byte[] data) {
        try {
            var budget = io.kept.events.EventJson.mapper().readTree(data).path("trustBudget");
            return budget.isMissingNode() ? "none" : budget.path("failures").asInt() + " in " + budget.path("window").asText();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void anInvalidTrustBudgetIsRefusedNamingItsField() {
        refusedNaming("{\"failures\":-1,\"window\":\"P30D\"}", "trustBudget.failures");
        refusedNaming("{\"failures\":1}", "trustBudget.window");
        refusedNaming("{\"failures\":1,\"window\":\"PT0S\"}", "trustBudget.window");
        refusedNaming("{\"failures\":1,\"window\":\"a month\"}", "trustBudget.window");
        refusedNaming("\"twice\"", "trustBudget");
    }

    private static void refusedNaming(String trustBudget, String field) {
        given().contentType(ContentType.JSON).body(withTrustBudget(trustBudget))
                .put("/guarantees/g-" + UUID.randomUUID()).then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", contains(field));
    }

    @Test
    void aGuaranteeOnAnUnknownCalendarIsRefusedNamingTheField() {
        given().contentType(ContentType.JSON).body(guarantee("PT16H", "no-such-calendar"))
                .when().put("/guarantees/g-" + UUID.randomUUID())
                .then().statusCode(422)
                .contentType("application/problem+json")
                .body("errors.field", contains("calendar"))
                .body("detail", containsString("PUT /calendars/no-such-calendar"));
    }

    @Test
    void aGuaranteeOnADefinedCalendarIsAccepted() {
        String calendar = "office-" + UUID.randomUUID();
        given().contentType(ContentType.JSON).body(OFFICE_HOURS).put("/calendars/" + calendar)
                .then().statusCode(200).body("hours.monday[0].from", equalTo("09:00"));
        given().contentType(ContentType.JSON).body(guarantee("PT16H", calendar)).put("/guarantees/g-" + UUID.randomUUID())
                .then().statusCode(201).body("calendar", equalTo(calendar));
        given().when().get("/calendars/" + calendar).then().statusCode(200).body("zone", equalTo("Europe/Berlin"))
                .body("holidays", contains("2026-05-25"));
    }

    @Test
    void invalidGuaranteeFieldsAreNamed() {
        given().contentType(ContentType.JSON)
                .body("{\"name\":\"\",\"customerProblem\":\"p\",\"promise\":\"s\",\"target\":\"two days\",\"calendar\":\"24x7\",\"objective\":0.9}")
                .when().put("/guarantees/g-" + UUID.randomUUID())
                .then().statusCode(400).contentType("application/problem+json").body("errors.field", hasItem("target"));
        given().contentType(ContentType.JSON)
                .body("{\"name\":\"\",\"customerProblem\":\"p\",\"promise\":\"s\",\"target\":\"PT1H\",\"calendar\":\"24x7\",\"objective\":1.5}")
                .when().put("/guarantees/g-" + UUID.randomUUID())
                .then().statusCode(400).body("errors.field", hasItem("name")).body("errors.field", hasItem("objective"));
    }

    @Test
    void overlappingCalendarPeriodsAreRefusedNamingThePeriod() {
        given().contentType(ContentType.JSON)
                .body("{\"zone\":\"Europe/Berlin\",\"hours\":{\"tuesday\":[{\"from\":\"09:00\",\"to\":\"13:00\"},{\"from\":\"12:00\",\"to\":\"17:00\"}]}}")
                .when().put("/calendars/c-" + UUID.randomUUID())
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem(containsString("hours.tuesday[1]")));
    }

    @Test
    void anUnknownGuaranteeIs404() {
        given().when().get("/guarantees/nope-" + UUID.randomUUID()).then().statusCode(404)
                .contentType("application/problem+json");
    }
}
