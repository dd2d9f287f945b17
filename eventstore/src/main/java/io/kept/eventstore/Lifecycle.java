package io.kept.eventstore;

import io.kept.events.EventPayload;
import java.util.List;
import java.util.Objects;

/**
 * An {@link Aggregate} whose stream begins with one kind of command (make a promise, define a guarantee, open a
 * recovery, schedule a follow-up) and then takes the others. The beginning is decided on any state, since a repeat
 * of it is a retry each aggregate answers in its own way; every other command is decided only on a stream that
 * exists, which the command runner has made sure of before (a 404), so reaching {@link #change} without one is a bug.
 *
 * @param <S> the state; {@link State#exists()} says whether the stream has begun
 * @param <C> the commands it decides
 * @param <B> the command that begins a stream
 */
public abstract class Lifecycle<S extends Lifecycle.State, C, B extends C> implements Aggregate<S, C> {

    /** A state that knows whether its stream has begun. */
    public interface State {
        boolean exists();
    }

    private final S initial;
    private final Class<B> begins;
    private final String noun;

    /** @param noun what a stream is, for the message of a bug ("promise") */
    protected Lifecycle(S initial, Class<B> begins, String noun) {
        this.initial = Objects.requireNonNull(initial, "initial");
        this.begins = Objects.requireNonNull(begins, "begins");
        this.noun = Objects.requireNonNull(noun, "noun");
    }

    @Override
    public final S initial() {
        return initial;
    }

    @Override
    public final List<EventPayload> decide(S state, C command) {
        if (begins.isInstance(command)) {
            return begin(state, begins.cast(command));
        }
        if (!state.exists()) {
            throw new IllegalStateException("decide on a " + noun + " that does not exist");
        }
        return change(state, command);
    }

    /** The events of the command that begins a stream, on a state that may already exist. */
    protected abstract List<EventPayload> begin(S state, B command);

    /** The events of any other command, on a stream that exists. */
    protected abstract List<EventPayload> change(S state, C command);
}
