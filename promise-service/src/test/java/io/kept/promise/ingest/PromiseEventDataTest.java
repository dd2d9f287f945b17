package io.kept.promise.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.kept.events.EventType;
import io.kept.events.StreamKind;
import io.kept.events.promise.PromiseBroken;
import io.kept.events.promise.PromiseCancelled;
import io.kept.events.promise.PromiseKept;
import io.kept.events.promise.PromiseMade;
import io.kept.events.promise.PromisePaused;
import io.kept.events.promise.PromiseResumed;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Whatever Kept publishes for a promise event a client may send, POST /events reads back: every field, same type. */
class PromiseEventDataTest {

    private static final Map<Class<? extends Record>, Class<? extends Record>> DATA_OF = Map.of(
            PromiseMade.class, PromiseEventData.Made.class,
            PromiseKept.class, PromiseEventData.Kept.class,
            PromiseBroken.class, PromiseEventData.Broken.class,
            PromisePaused.class, PromiseEventData.Paused.class,
            PromiseResumed.class, PromiseEventData.Resumed.class,
            PromiseCancelled.class, PromiseEventData.Cancelled.class);

    @Test
    void everyFieldOfAPayloadIsAFieldOfItsDataOfTheSameType() {
        DATA_OF.forEach((payload, data) -> {
            Map<String, Class<?>> accepted = Arrays.stream(data.getRecordComponents())
                    .collect(Collectors.toMap(RecordComponent::getName, c -> box(c.getType())));
            for (RecordComponent field : payload.getRecordComponents()) {
                assertThat(accepted).as(data.getSimpleName() + " reads " + payload.getSimpleName() + "." + field.getName())
                        .containsEntry(field.getName(), box(field.getType()));
            }
        });
    }

    @Test
    void everyPromiseEventAClientMaySendHasItsData() {
        Set<EventType> recordedByKeptItself = Set.of(EventType.PROMISE_AT_RISK, EventType.PROMISE_BREACH_RETRACTED);
        Set<Class<?>> covered = Set.copyOf(DATA_OF.keySet());
        for (EventType type : EventType.values()) {
            if (type.stream() == StreamKind.PROMISE && !recordedByKeptItself.contains(type)) {
                assertThat(covered).as(type.type()).contains(type.payloadClass());
            }
        }
    }

    private static Class<?> box(Class<?> type) {
        return type == int.class ? Integer.class : type == boolean.class ? Boolean.class
                : type == double.class ? Double.class : type;
    }
}
