package io.kept.eventstore;

import io.kept.events.EventPayload;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.function.Function;

/** How a command's decided events get their ids; the same ids on a retry make the retry append nothing. */
@FunctionalInterface
public interface EventIds {

    /** The id of the {@code index}th event a command decided. */
    UUID next(EventPayload payload, int index);

    /** Fresh ids: nothing makes a repeat of the command recognisable. */
    static EventIds random() {
        return (payload, index) -> UUID.randomUUID();
    }

    /**
     * A client-supplied id for the first event and ids derived from it for the rest, so a retry of
     * the whole request repeats every id; random ids when the client sent none.
     */
    static EventIds client(UUID eventId) {
        return eventId == null ? random() : (payload, index) -> index == 0 ? eventId : derived(eventId + "/" + index);
    }

    /** Ids derived from what the event says (for system-driven commands: consumers and watchers). */
    static EventIds derived(Function<EventPayload, String> key) {
        return (payload, index) -> derived(key.apply(payload));
    }

    static UUID derived(String key) {
        return UUID.nameUUIDFromBytes(key.getBytes(StandardCharsets.UTF_8));
    }
}
