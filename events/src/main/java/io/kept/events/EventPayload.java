package io.kept.events;

/**
 * Marker for event payload records: the CloudEvents {@code data} of one {@link EventType}.
 * Payloads are facts; they are never changed once written, a correction is a new event.
 */
public interface EventPayload {
}
