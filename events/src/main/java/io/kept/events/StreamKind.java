package io.kept.events;

/**
 * The kinds of event streams. A stream is one aggregate instance; its id is the CloudEvents
 * {@code subject} and the Kafka record key, so all events of a stream stay in order on one partition.
 */
public enum StreamKind {

    GUARANTEE("guarantee", Topics.PROMISE_EVENTS, "/promise-service"),
    CALENDAR("calendar", Topics.PROMISE_EVENTS, "/promise-service"),
    PROMISE("promise", Topics.PROMISE_EVENTS, "/promise-service"),
    RECOVERY("recovery", Topics.RECOVERY_EVENTS, "/recovery-service"),
    FOLLOWUP("followup", Topics.FOLLOWUP_EVENTS, "/followup-service"),
    CUSTOMER("customer", Topics.FOLLOWUP_EVENTS, "/followup-service");

    private final String prefix;
    private final String topic;
    private final String source;

    StreamKind(String prefix, String topic, String source) {
        this.prefix = prefix;
        this.topic = topic;
        this.source = source;
    }

    /** The stream part of the CloudEvents type, as in {@code io.kept.<prefix>.<event>}. */
    public String prefix() {
        return prefix;
    }

    /** The Kafka topic the stream's events are published to. */
    public String topic() {
        return topic;
    }

    /** The CloudEvents {@code source} of the stream's events: the owning service. */
    public String source() {
        return source;
    }
}
