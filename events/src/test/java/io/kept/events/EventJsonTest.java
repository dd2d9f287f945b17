package io.kept.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kept.events.calendar.CalendarDefined;
import io.kept.events.calendar.Weekday;
import io.kept.events.followup.FollowUpCompleted;
import io.kept.events.followup.FollowUpKind;
import io.kept.events.promise.BreachCause;
import io.kept.events.promise.FailureCategory;
import io.kept.events.promise.PromiseKept;
import io.kept.events.promise.PromiseMade;
import io.kept.events.promise.Severity;
import io.kept.events.recovery.CompensationKind;
import io.kept.events.recovery.EscalationReason;
import io.kept.events.recovery.RecoveryDiagnosed;
import io.kept.events.recovery.RecoveryResolved;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class EventJsonTest {

    private final ObjectMapper mapper = EventJson.mapper();

    @Test
    void samplesCoverEveryEventType() {
        // A new event type fails here until it has a sample, and so a round-trip and schema test.
        assertThat(EventSamples.all().keySet()).containsExactlyInAnyOrder(EventType.values());
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void sampleIsOfItsTypePayloadClass(EventType type) {
        assertThat(EventSamples.of(type)).isExactlyInstanceOf(type.payloadClass());
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void sampleRoundTripsThroughJsonText(EventType type) throws Exception {
        EventPayload sample = EventSamples.of(type);

        String json = mapper.writeValueAsString(sample);

        assertThat(mapper.readValue(json, type.payloadClass())).isEqualTo(sample);
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void sampleRoundTripsThroughAJsonTree(EventType type) throws Exception {
        EventPayload sample = EventSamples.of(type);

        JsonNode tree = mapper.readTree(mapper.writeValueAsString(sample));

        assertThat(mapper.treeToValue(tree, type.payloadClass())).isEqualTo(sample);
    }

    @Test
    void timesAndDurationsAreIso8601Strings() {
        JsonNode json = mapper.valueToTree(EventSamples.of(EventType.PROMISE_MADE));

        assertThat(json.get("madeAt").asText()).isEqualTo("2025-03-03T09:15:00Z");
        assertThat(json.get("dueAt").isTextual()).isTrue();
        assertThat(json.get("target").asText()).isEqualTo("PT8H");
    }

    @Test
    void calendarsWriteLowercaseWeekdaysHhMmHoursAndIsoDates() {
        JsonNode json = mapper.valueToTree(EventSamples.of(EventType.CALENDAR_DEFINED));

        assertThat(json.get("zone").asText()).isEqualTo("Europe/Berlin");
        assertThat(fieldNames(json.get("hours")))
                .containsExactly("monday", "tuesday", "wednesday", "thursday", "friday");
        assertThat(json.at("/hours/monday/0/from").asText()).isEqualTo("08:00");
        assertThat(json.at("/hours/friday/0/to").asText()).isEqualTo("14:00");
        assertThat(json.at("/holidays/0").asText()).isEqualTo("2025-04-21");
    }

    @Test
    void calendarHoursReadBackInWeekdayOrder() throws Exception {
        String json = """
                {"calendarId":"c","zone":"UTC","holidays":[],
                 "hours":{"friday":[{"from":"09:00","to":"12:00"}],"monday":[{"from":"10:00","to":"11:00"}]}}
                """;

        CalendarDefined calendar = mapper.readValue(json, CalendarDefined.class);

        assertThat(calendar.hours().keySet()).containsExactly(Weekday.MONDAY, Weekday.FRIDAY);
    }

    @Test
    void moneyKeepsItsScaleAndIsWrittenAsAPlainNumber() {
        JsonNode json = mapper.valueToTree(EventSamples.of(EventType.RECOVERY_RESOLVED));

        assertThat(json.at("/compensation/amount").isNumber()).isTrue();
        assertThat(json.at("/compensation/amount").decimalValue()).hasToString("25.00");
    }

    @Test
    void absentOptionalFieldsAreLeftOut() {
        PromiseMade made = new PromiseMade("p-1", "g-1", 1, "c-1", Instant.EPOCH, Instant.EPOCH.plusSeconds(60),
                Duration.ofMinutes(1), null, null, null, null);

        JsonNode json = mapper.valueToTree(made);

        assertThat(fieldNames(json)).doesNotContain("channel", "team", "agent");
    }

    @Test
    void unknownFieldsAreIgnoredSoOldConsumersReadNewerEvents() throws Exception {
        ObjectNode json = mapper.valueToTree(EventSamples.of(EventType.PROMISE_KEPT));
        json.put("keptBy", "courier-app");

        assertThat(mapper.treeToValue(json, PromiseKept.class)).isEqualTo(EventSamples.of(EventType.PROMISE_KEPT));
    }

    @Test
    void eventsWrittenBeforeCallersWereAuthenticatedStillRead() throws Exception {
        // As recovery-service and followup-service wrote them before December 2026: no by, no resolvedBy.
        RecoveryResolved resolved = mapper.readValue("""
                {"recoveryId":"r-1","resolvedAt":"2026-03-02T13:00:00Z","resolution":"courier",
                 "compensation":{"kind":"credit","amount":80,"currency":"EUR"},"approvedBy":"supervisor-2",
                 "diagnosed":true}""", RecoveryResolved.class);
        assertThat(resolved.approvedBy()).isEqualTo("supervisor-2");
        assertThat(resolved.resolvedBy()).isNull();
        assertThat(mapper.readValue("""
                {"recoveryId":"r-1","diagnosedAt":"2026-03-02T11:00:00Z","customerProblem":"needs it today"}""",
                RecoveryDiagnosed.class).by()).isNull();
        assertThat(mapper.readValue("""
                {"followUpId":"f-1","completedAt":"2026-03-02T15:00:00Z","satisfied":true,"score":5}""",
                FollowUpCompleted.class).by()).isNull();
    }

    @Test
    void configureGivesAnotherMapperTheSameJson() throws Exception {
        ObjectMapper other = EventJson.configure(new ObjectMapper());
        EventPayload sample = EventSamples.of(EventType.RECOVERY_RESOLVED);

        assertThat(other.writeValueAsString(sample)).isEqualTo(mapper.writeValueAsString(sample));
    }

    @Test
    void enumsAreWrittenAsTheDesignStrings() {
        assertThat(jsonValues(BreachCause.values())).containsExactly("reported", "deadline-missed");
        assertThat(jsonValues(FailureCategory.values()))
                .containsExactly("mistake", "rework", "breakdown", "inefficiency", "variation", "other");
        assertThat(jsonValues(Severity.values())).containsExactly("minor", "major", "critical");
        assertThat(jsonValues(CompensationKind.values()))
                .containsExactly("refund", "credit", "discount", "upgrade", "replacement", "waiver", "gesture", "none");
        assertThat(jsonValues(FollowUpKind.values())).containsExactly("satisfaction-check", "check-in");
        assertThat(jsonValues(EscalationReason.values()))
                .containsExactly("repeat-failure", "trust-budget-spent", "critical-severity", "acknowledge-overdue",
                        "resolve-overdue");
        assertThat(jsonValues(Weekday.values()))
                .containsExactly("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday");
    }

    @Test
    void enumsInPayloadsReadAndWriteTheDesignStrings() throws Exception {
        JsonNode broken = mapper.valueToTree(EventSamples.of(EventType.PROMISE_BROKEN));
        JsonNode scheduled = mapper.valueToTree(EventSamples.of(EventType.FOLLOWUP_SCHEDULED));

        assertThat(broken.get("cause").asText()).isEqualTo("deadline-missed");
        assertThat(broken.get("category").asText()).isEqualTo("breakdown");
        assertThat(broken.get("severity").asText()).isEqualTo("major");
        assertThat(scheduled.get("kind").asText()).isEqualTo("satisfaction-check");
        assertThat(mapper.readValue("\"check-in\"", FollowUpKind.class)).isEqualTo(FollowUpKind.CHECK_IN);
        assertThat(mapper.readValue("\"deadline-missed\"", BreachCause.class)).isEqualTo(BreachCause.DEADLINE_MISSED);
    }

    private Object[] jsonValues(Enum<?>[] constants) {
        return Arrays.stream(constants).map(constant -> mapper.convertValue(constant, String.class)).toArray();
    }

    private static Iterable<String> fieldNames(JsonNode node) {
        return node::fieldNames;
    }
}
