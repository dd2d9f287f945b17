package io.kept.eventstore.testing;

import io.kept.events.EventPayload;
import io.kept.eventstore.Aggregate;
import io.kept.eventstore.domain.DomainException;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Given these past events, when this command, then these events (or this refusal): domain tests
 * in the giftcard-fixture style, with no framework and no I/O. Failures are plain
 * {@link AssertionError}s, so any test framework reports them.
 */
public final class AggregateFixture<S, C> {

    private final Aggregate<S, C> aggregate;
    private List<EventPayload> history = List.of();

    private AggregateFixture(Aggregate<S, C> aggregate) {
        this.aggregate = aggregate;
    }

    public static <S, C> AggregateFixture<S, C> of(Aggregate<S, C> aggregate) {
        return new AggregateFixture<>(aggregate);
    }

    public AggregateFixture<S, C> given(EventPayload... events) {
        this.history = List.of(events);
        return this;
    }

    public Outcome<S> when(C command) {
        S state = aggregate.fold(history);
        try {
            List<EventPayload> events = aggregate.decide(state, command);
            S after = state;
            for (EventPayload event : events) {
                after = aggregate.apply(after, event);
            }
            return new Outcome<>(events, after, null);
        } catch (RuntimeException refused) {
            return new Outcome<>(null, state, refused);
        }
    }

    /** What a command did. */
    public static final class Outcome<S> {
        private final List<EventPayload> events;
        private final S state;
        private final RuntimeException refusal;

        private Outcome(List<EventPayload> events, S state, RuntimeException refusal) {
            this.events = events;
            this.state = state;
            this.refusal = refusal;
        }

        public Outcome<S> then(EventPayload... expected) {
            if (refusal != null) {
                throw new AssertionError("Expected events " + Arrays.toString(expected) + " but the command was refused: "
                        + refusal, refusal);
            }
            if (!events.equals(List.of(expected))) {
                throw new AssertionError("Expected events\n  " + List.of(expected) + "\nbut got\n  " + events);
            }
            return this;
        }

        public Outcome<S> thenNothing() {
            return then();
        }

        /** The command was refused as {@code kind}, saying {@code why}. */
        public Outcome<S> thenRefused(DomainException.Kind kind, String why) {
            thenRefused(DomainException.class, why);
            if (((DomainException) refusal).kind() != kind) {
                throw new AssertionError("Expected a refusal as " + kind + " but got " + ((DomainException) refusal).kind()
                        + ": " + refusal.getMessage(), refusal);
            }
            return this;
        }

        /** The command was refused with this exception type, and its message says {@code why}. */
        public Outcome<S> thenRefused(Class<? extends RuntimeException> type, String why) {
            if (refusal == null) {
                throw new AssertionError("Expected a refusal (" + type.getSimpleName() + ") but got events " + events);
            }
            if (!type.isInstance(refusal)) {
                throw new AssertionError("Expected " + type.getSimpleName() + " but got " + refusal, refusal);
            }
            if (!Objects.toString(refusal.getMessage()).contains(why)) {
                throw new AssertionError("Expected the refusal to say \"" + why + "\" but it said: " + refusal.getMessage());
            }
            return this;
        }

        /** The state after the events, for checks on it. */
        public S state() {
            if (refusal != null) {
                throw new AssertionError("The command was refused: " + refusal, refusal);
            }
            return state;
        }
    }
}
