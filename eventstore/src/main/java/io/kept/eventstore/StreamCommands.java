package io.kept.eventstore;

import io.kept.events.EventPayload;
import io.kept.events.StreamKind;
import io.kept.eventstore.CommandRunner.Ran;
import io.kept.eventstore.CommandRunner.Run;
import io.smallrye.mutiny.Uni;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The commands and reads of one kind of stream, the same in every write service: a client's command on a stream that
 * exists ({@link #act}), a system's command in the caller's transaction ({@link #execute}: a consumer's or a watcher's,
 * with event ids derived from what it decides, so a replay or a racing replica appends nothing twice), and a read
 * ({@link #get}). Each service's command handler holds one and adds what is its own (metrics, reactions to other
 * services' events). Every command saves the read model in its transaction through {@code view}.
 *
 * @param <S> the aggregate's state
 * @param <C> its commands
 */
public final class StreamCommands<S, C> {

    private final CommandRunner runner;
    private final StreamKind kind;
    private final Aggregate<S, C> aggregate;
    private final String what;
    private final Function<Ran<S>, Uni<?>> view;
    private final BiFunction<String, EventPayload, String> derivedKey;

    /**
     * @param what the stream's name in a 404 ("Recovery")
     * @param derivedKey the key an event a system decided is named by, from the stream's id and the event (for
     *     {@link EventIds#derived}): the same decision again gets the same id
     */
    public StreamCommands(CommandRunner runner, StreamKind kind, Aggregate<S, C> aggregate, String what,
            Function<Ran<S>, Uni<?>> view, BiFunction<String, EventPayload, String> derivedKey) {
        this.runner = Objects.requireNonNull(runner, "runner");
        this.kind = Objects.requireNonNull(kind, "kind");
        this.aggregate = Objects.requireNonNull(aggregate, "aggregate");
        this.what = Objects.requireNonNull(what, "what");
        this.view = Objects.requireNonNull(view, "view");
        this.derivedKey = Objects.requireNonNull(derivedKey, "derivedKey");
    }

    /**
     * A client's command on a stream that exists (else a 404), at {@code at} or now when the client gave no time. With
     * an {@code eventId} it is idempotent: a history that holds it is answered as it stands. A concurrency conflict
     * decides it again on fresh state.
     */
    public Uni<Ran<S>> act(String id, UUID eventId, Instant at, Function<Instant, C> command) {
        return runner.run(on(id).existing(what).eventId(eventId).command(at, command).retryOnConflict());
    }

    /** A system's command at {@code at}, in the caller's transaction, with derived event ids. */
    public Uni<Ran<S>> execute(String id, Instant at, Function<S, C> command) {
        return runner.run(on(id).at(at).command(command)
                .ids(EventIds.derived(payload -> derivedKey.apply(id, payload))));
    }

    /** The stream as it stands; a 404 when it is empty. */
    public Uni<Ran<S>> get(String id) {
        return runner.get(StreamId.of(kind, id), aggregate, what);
    }

    /** A run on the stream that saves the view, for a command of another shape. */
    public Run<S, C> on(String id) {
        return Run.on(StreamId.of(kind, id), aggregate).view(view);
    }
}
