package io.kept.events;

import java.util.List;

/** Kafka topic names. Each stream kind publishes to exactly one of them (see {@link StreamKind#topic()}). */
public final class Topics {

    public static final String PROMISE_EVENTS = "kept.promise-events";
    public static final String RECOVERY_EVENTS = "kept.recovery-events";
    public static final String FOLLOWUP_EVENTS = "kept.followup-events";

    private static final String DLQ_SUFFIX = ".dlq";

    private Topics() {
    }

    /** The dead-letter topic where poison records of {@code topic} go, with the reason. */
    public static String dlq(String topic) {
        return topic + DLQ_SUFFIX;
    }

    /** The event topics, without their dead-letter topics. */
    public static List<String> all() {
        return List.of(PROMISE_EVENTS, RECOVERY_EVENTS, FOLLOWUP_EVENTS);
    }
}
