package io.kept.eventstore.error;

import com.fasterxml.jackson.databind.JsonNode;
import io.kept.events.EventType;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A request whose event would be larger than the relay can publish: a 413 that names the field
 * taking most of the room, refused before anything is stored.
 */
public class EventTooLargeException extends KeptException {

    private EventTooLargeException(String detail, List<Problem.FieldProblem> fields) {
        super(413, "event-too-large", "Event too large", detail, fields);
    }

    /** Names the largest top-level field of {@code data}, the one to make smaller. */
    public static EventTooLargeException of(EventType type, JsonNode data, long bytes, int limit) {
        String largest = null;
        int largestSize = -1;
        for (Iterator<Map.Entry<String, JsonNode>> it = data.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            int size = field.getValue().toString().length();
            if (size > largestSize) {
                largest = field.getKey();
                largestSize = size;
            }
        }
        String detail = "The " + type.type() + " event would be " + bytes + " bytes; the most Kept stores and publishes is "
                + limit + " bytes (kept.eventstore.max-event-bytes)";
        List<Problem.FieldProblem> fields = largest == null ? List.of()
                : List.of(new Problem.FieldProblem(largest, "too large: " + largestSize + " of the event's " + bytes
                        + " bytes; the whole event may be at most " + limit));
        return new EventTooLargeException(detail, fields);
    }
}
