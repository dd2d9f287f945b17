package io.kept.eventstore;

import io.kept.events.EventPayload;
import java.util.List;

/**
 * An event-sourced aggregate as a pure function pair, the Axon way without Axon:
 * {@link #decide} validates a command against the state and answers the events it causes (or
 * refuses with a {@link io.kept.eventstore.domain.DomainException}); {@link #apply} folds an
 * event into the state and never refuses.
 *
 * @param <S> the state, rebuilt by folding the stream
 * @param <C> the commands it decides
 */
public interface Aggregate<S, C> {

    /** The state of a stream with no events. */
    S initial();

    S apply(S state, EventPayload event);

    List<EventPayload> decide(S state, C command);

    /** Folds events, in order, into a state. */
    default S fold(List<? extends EventPayload> events) {
        S state = initial();
        for (EventPayload event : events) {
            state = apply(state, event);
        }
        return state;
    }

    /** Folds stored events, in stream order, into a state. */
    default S foldStored(List<StoredEvent> events) {
        S state = initial();
        for (StoredEvent event : events) {
            state = apply(state, event.payload());
        }
        return state;
    }
}
