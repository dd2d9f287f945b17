package io.kept.analytics.projection;

import io.kept.events.EventPayload;
import java.time.Instant;
import java.util.UUID;

/** One event as the projections see it: its id, CloudEvents type, payload and business time. */
public record ProjectedEvent(UUID eventId, String type, EventPayload payload, Instant at) {
}
