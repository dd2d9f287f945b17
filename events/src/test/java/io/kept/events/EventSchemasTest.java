package io.kept.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.list;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kept.events.promise.PromiseMade;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class EventSchemasTest {

    private final ObjectMapper mapper = EventJson.mapper();

    @ParameterizedTest
    @EnumSource(EventType.class)
    void sampleValidatesAgainstItsSchema(EventType type) {
        assertThat(EventSchemas.validate(type, json(type))).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void readGivesBackTheSample(EventType type) {
        EventPayload read = EventSchemas.read(type, json(type));

        assertThat(read).isEqualTo(EventSamples.of(type));
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void schemaIsDraft202012TitledWithTheEventType(EventType type) {
        JsonNode schema = EventSchemas.schema(type);

        assertThat(schema.get("$schema").asText()).isEqualTo("https://json-schema.org/draft/2020-12/schema");
        assertThat(schema.get("title").asText()).isEqualTo(type.type());
        assertThat(schema.get("type").asText()).isEqualTo("object");
    }

    @Test
    void schemaRequiresWhatTheRecordRequires() {
        JsonNode schema = EventSchemas.schema(EventType.PROMISE_MADE);

        assertThat(texts(schema.get("required"))).containsExactly(
                "promiseId", "guaranteeId", "guaranteeVersion", "customerId", "madeAt", "dueAt", "target");
        assertThat(schema.at("/properties/madeAt/format").asText()).isEqualTo("date-time");
        assertThat(schema.at("/properties/target/format").asText()).isEqualTo("duration");
    }

    @Test
    void schemaListsEnumValuesAsWrittenInJson() {
        JsonNode schema = EventSchemas.schema(EventType.PROMISE_BROKEN);

        assertThat(texts(schema.at("/properties/cause/enum"))).containsExactly("reported", "deadline-missed");
        assertThat(texts(schema.at("/properties/severity/enum"))).containsExactly("minor", "major", "critical");
    }

    @Test
    void schemaIsACopyCallersMayChange() {
        ((ObjectNode) EventSchemas.schema(EventType.PROMISE_MADE)).remove("required");

        assertThat(EventSchemas.schema(EventType.PROMISE_MADE).has("required")).isTrue();
    }

    @Test
    void promiseMadeWithoutCustomerIdIsRefusedNamingTheField() {
        ObjectNode json = json(EventType.PROMISE_MADE);
        json.remove("customerId");

        assertThat(EventSchemas.validate(EventType.PROMISE_MADE, json)).containsExactly("customerId: is required");
        assertThatThrownBy(() -> EventSchemas.read(EventType.PROMISE_MADE, json))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("customerId")
                .extracting(e -> ((InvalidEventException) e).errors(), list(FieldError.class))
                .containsExactly(new FieldError("customerId", "is required"));
    }

    @Test
    void blankStreamIdIsRefused() {
        ObjectNode json = json(EventType.PROMISE_MADE);
        json.put("promiseId", "   ");

        assertThat(EventSchemas.validate(EventType.PROMISE_MADE, json)).containsExactly("promiseId: must not be blank");
    }

    @Test
    void followUpScoreOutsideOneToFiveIsRefused() {
        ObjectNode json = json(EventType.FOLLOWUP_COMPLETED);
        json.put("score", 7);

        assertThat(EventSchemas.validate(EventType.FOLLOWUP_COMPLETED, json))
                .singleElement().asString().startsWith("score: ").contains("5");
        json.put("score", 0);
        assertThat(fields(EventType.FOLLOWUP_COMPLETED, json)).containsExactly("score");
    }

    @Test
    void negativeCompensationAmountIsRefused() {
        ObjectNode json = json(EventType.RECOVERY_RESOLVED);
        json.withObjectProperty("compensation").put("amount", -5);

        assertThat(EventSchemas.validate(EventType.RECOVERY_RESOLVED, json))
                .singleElement().asString().startsWith("compensation.amount: ").contains("minimum");
    }

    @Test
    void currencyThatIsNotAnIso4217CodeIsRefused() {
        ObjectNode json = json(EventType.RECOVERY_RESOLVED);
        json.withObjectProperty("compensation").put("currency", "euro");

        assertThat(EventSchemas.validate(EventType.RECOVERY_RESOLVED, json))
                .singleElement().asString().startsWith("compensation.currency: ");
    }

    @Test
    void everyOffendingFieldIsNamedAtOnce() {
        ObjectNode json = json(EventType.RECOVERY_RESOLVED);
        json.withObjectProperty("compensation").put("amount", -5).put("currency", "euro");
        json.remove("resolution");

        assertThatThrownBy(() -> EventSchemas.read(EventType.RECOVERY_RESOLVED, json))
                .isInstanceOf(InvalidEventException.class)
                .extracting(e -> ((InvalidEventException) e).errors(), list(FieldError.class))
                .extracting(FieldError::field)
                .containsExactlyInAnyOrder("resolution", "compensation.amount", "compensation.currency");
    }

    @Test
    void unknownFailureCategoryIsRefused() {
        ObjectNode json = json(EventType.PROMISE_BROKEN);
        json.put("category", "sabotage");

        assertThat(EventSchemas.validate(EventType.PROMISE_BROKEN, json))
                .singleElement().asString().startsWith("category: ").contains("mistake");
    }

    @Test
    void malformedTimesAndDurationsAreRefused() {
        ObjectNode made = json(EventType.PROMISE_MADE);
        made.put("madeAt", "yesterday");
        made.put("target", "2 hours");

        assertThat(fields(EventType.PROMISE_MADE, made)).containsExactlyInAnyOrder("madeAt", "target");
    }

    @Test
    void calendarAcceptsOnlyWeekdayKeysAndHhMmHours() {
        ObjectNode calendar = json(EventType.CALENDAR_DEFINED);
        calendar.withObjectProperty("hours").set("funday", calendar.at("/hours/monday").deepCopy());
        ((ObjectNode) calendar.at("/hours/friday/0")).put("from", "8:00");

        assertThat(fields(EventType.CALENDAR_DEFINED, calendar))
                .contains("hours.friday[0].from")
                .anyMatch(field -> field.startsWith("hours"))
                .hasSize(2);
    }

    @Test
    void aGuaranteesOwnTrustBudgetNeedsItsFailuresAndAWindowLongerThanZero() {
        ObjectNode revised = json(EventType.GUARANTEE_REVISED);
        revised.withObjectProperty("trustBudget").remove("failures");
        assertThat(fields(EventType.GUARANTEE_REVISED, revised)).containsExactly("trustBudget.failures");

        ObjectNode noWindow = json(EventType.GUARANTEE_REVISED);
        noWindow.withObjectProperty("trustBudget").put("window", "PT0S");
        assertThatThrownBy(() -> EventSchemas.read(EventType.GUARANTEE_REVISED, noWindow))
                .isInstanceOf(InvalidEventException.class)
                .extracting(e -> ((InvalidEventException) e).errors(), list(FieldError.class))
                .singleElement().satisfies(error -> assertThat(error.field()).startsWith("trustBudget"));

        // recovery-service and analytics count a window in whole seconds (the record refuses a fraction too).
        ObjectNode fraction = json(EventType.GUARANTEE_REVISED);
        fraction.withObjectProperty("trustBudget").put("window", "PT1.5S");
        assertThat(fields(EventType.GUARANTEE_REVISED, fraction)).containsExactly("trustBudget.window");
        assertThatThrownBy(() -> new TrustBudget(1, Duration.ofMillis(1500))).hasMessageContaining("whole seconds");

        ObjectNode defined = json(EventType.GUARANTEE_DEFINED);
        assertThat(defined.has("trustBudget")).as("absent when the guarantee shares the configured budget").isFalse();
        assertThat(EventSchemas.<io.kept.events.guarantee.GuaranteeDefined>read(EventType.GUARANTEE_DEFINED, defined)
                .trustBudget()).isNull();
    }

    @Test
    void unknownTimeZoneIsRefusedByTheReader() {
        ObjectNode calendar = json(EventType.CALENDAR_DEFINED);
        calendar.put("zone", "Mars/Olympus");

        assertThatThrownBy(() -> EventSchemas.read(EventType.CALENDAR_DEFINED, calendar))
                .isInstanceOf(InvalidEventException.class)
                .extracting(e -> ((InvalidEventException) e).errors(), list(FieldError.class))
                .extracting(FieldError::field)
                .containsExactly("zone");
    }

    @Test
    void optionalFieldsMayBeNullOrAbsentAndUnknownFieldsAreAllowed() {
        ObjectNode json = json(EventType.PROMISE_MADE);
        json.putNull("channel");
        json.remove("team");
        json.put("someFutureField", true);

        PromiseMade made = EventSchemas.read(EventType.PROMISE_MADE, json);

        assertThat(made.channel()).isNull();
        assertThat(made.team()).isNull();
    }

    @Test
    void avoidableMayBeUnknown() {
        ObjectNode json = json(EventType.PROMISE_BROKEN);
        json.putNull("avoidable");

        assertThat(EventSchemas.validate(EventType.PROMISE_BROKEN, json)).isEmpty();
    }

    @Test
    void payloadThatIsNotAnObjectIsRefused() {
        assertThat(fields(EventType.PROMISE_KEPT, mapper.getNodeFactory().textNode("kept"))).containsExactly("$");
        assertThat(fields(EventType.PROMISE_KEPT, null)).containsExactly("$");
    }

    private ObjectNode json(EventType type) {
        return mapper.valueToTree(EventSamples.of(type));
    }

    private static List<String> fields(EventType type, JsonNode json) {
        return EventSchemas.errors(type, json).stream().map(FieldError::field).toList();
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(node -> texts.add(node.asText()));
        return texts;
    }
}
