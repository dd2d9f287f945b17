package io.kept.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kept.events.promise.PromiseMade;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class EventTypeTest {

    @Test
    void hasOneConstantPerEventTypeOfTheDesign() {
        assertThat(Arrays.stream(EventType.values()).map(EventType::type)).containsExactly(
                "io.kept.guarantee.defined", "io.kept.guarantee.revised", "io.kept.guarantee.retired",
                "io.kept.calendar.defined",
                "io.kept.promise.made", "io.kept.promise.paused", "io.kept.promise.resumed", "io.kept.promise.at-risk",
                "io.kept.promise.kept", "io.kept.promise.broken", "io.kept.promise.breach-retracted",
                "io.kept.promise.cancelled",
                "io.kept.recovery.opened", "io.kept.recovery.acknowledged", "io.kept.recovery.diagnosed",
                "io.kept.recovery.resolved", "io.kept.recovery.escalated", "io.kept.recovery.abandoned",
                "io.kept.recovery.withdrawn",
                "io.kept.followup.scheduled", "io.kept.followup.completed", "io.kept.followup.missed",
                "io.kept.followup.cancelled",
                "io.kept.customer.returned");
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void fromTypeRoundTrips(EventType type) {
        assertThat(EventType.fromType(type.type())).contains(type);
    }

    @Test
    void fromTypeIsEmptyForAnUnknownOrMissingType() {
        assertThat(EventType.fromType("io.kept.promise.forgotten")).isEmpty();
        assertThat(EventType.fromType("IO.KEPT.PROMISE.MADE")).isEmpty();
        assertThat(EventType.fromType(null)).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void ofPayloadClassRoundTrips(EventType type) {
        assertThat(EventType.of(type.payloadClass())).isEqualTo(type);
    }

    @Test
    void ofAnUnknownPayloadClassIsRefused() {
        assertThatThrownBy(() -> EventType.of(Unregistered.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(Unregistered.class.getName());
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void typeNameStartsWithItsStreamPrefix(EventType type) {
        assertThat(type.type()).startsWith("io.kept." + type.stream().prefix() + ".");
        assertThat(type.topic()).isEqualTo(type.stream().topic());
        assertThat(type.source()).isEqualTo(type.stream().source());
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void payloadClassIsARecordInItsStreamPackage(EventType type) {
        assertThat(type.payloadClass().isRecord()).isTrue();
        assertThat(type.payloadClass().getPackageName()).isEqualTo("io.kept.events." + type.stream().prefix());
    }

    @Test
    void promiseMadeIsWiredAsTheDesignSays() {
        assertThat(EventType.PROMISE_MADE.type()).isEqualTo("io.kept.promise.made");
        assertThat(EventType.PROMISE_MADE.stream()).isEqualTo(StreamKind.PROMISE);
        assertThat(EventType.PROMISE_MADE.payloadClass()).isEqualTo(PromiseMade.class);
    }

    @Test
    void streamsPublishToTheirServiceTopic() {
        assertThat(StreamKind.GUARANTEE.topic()).isEqualTo(Topics.PROMISE_EVENTS);
        assertThat(StreamKind.CALENDAR.topic()).isEqualTo(Topics.PROMISE_EVENTS);
        assertThat(StreamKind.PROMISE.topic()).isEqualTo(Topics.PROMISE_EVENTS);
        assertThat(StreamKind.RECOVERY.topic()).isEqualTo(Topics.RECOVERY_EVENTS);
        assertThat(StreamKind.FOLLOWUP.topic()).isEqualTo(Topics.FOLLOWUP_EVENTS);
        assertThat(StreamKind.CUSTOMER.topic()).isEqualTo(Topics.FOLLOWUP_EVENTS);

        assertThat(StreamKind.PROMISE.source()).isEqualTo("/promise-service");
        assertThat(StreamKind.GUARANTEE.source()).isEqualTo("/promise-service");
        assertThat(StreamKind.RECOVERY.source()).isEqualTo("/recovery-service");
        assertThat(StreamKind.CUSTOMER.source()).isEqualTo("/followup-service");
        assertThat(Arrays.stream(StreamKind.values()).map(StreamKind::prefix))
                .containsExactly("guarantee", "calendar", "promise", "recovery", "followup", "customer");
    }

    @Test
    void topicsAndTheirDeadLetterTopics() {
        assertThat(Topics.all()).isEqualTo(
                List.of("kept.promise-events", "kept.recovery-events", "kept.followup-events"));
        assertThat(Topics.dlq(Topics.PROMISE_EVENTS)).isEqualTo("kept.promise-events.dlq");
        assertThat(Arrays.stream(StreamKind.values()).map(StreamKind::topic)).allMatch(Topics.all()::contains);
    }

    private record Unregistered() implements EventPayload {
    }
}
