package io.kept.eventstore;

import io.kept.events.EventPayload;
import io.kept.eventstore.domain.DomainException;
import io.kept.eventstore.error.ConcurrencyConflictException;
import io.kept.eventstore.error.ResourceNotFoundException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Runs one command against one stream, the same way in every write service: load the stream once (or,
 * for a stream that is most likely new, not until the append says otherwise), fold it, answer a repeated
 * client event id as it stands, decide, append what was decided at the loaded version (the outbox row
 * goes with it) and save the read model, all in one transaction (the caller's, when there is one, or else one
 * shared with the commands on other streams running at the same time: {@link CommitGroups}); on a concurrency
 * conflict, decide again on fresh state.
 *
 * <pre>{@code
 * runner.run(Run.on(stream, RecoveryAggregate.INSTANCE).existing("Recovery").eventId(eventId).at(at)
 *         .command(state -> new RecoveryCommand.Acknowledge(...))
 *         .view(ran -> views.save(ran.state(), ran.version())))
 * }</pre>
 */
@ApplicationScoped
public class CommandRunner {

    private final EventStore store;
    private final Clock clock;

    public CommandRunner(EventStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /**
     * A stream after a command (or as read by {@link #get}): its state and version, its whole history, and what this
     * command appended. The one result of every write service's commands and reads.
     */
    public record Ran<S>(S state, int version, List<StoredEvent> history, List<StoredEvent> appended) {

        public boolean changed() {
            return !appended.isEmpty();
        }
    }

    /** What to run; see the class comment. */
    public static final class Run<S, C> {
        private final StreamId stream;
        private final Aggregate<S, C> aggregate;
        private Function<S, Uni<C>> command;
        private Instant clientAt;
        private BiFunction<S, Instant, Uni<C>> clientCommand;
        private String existing;
        private UUID eventId;
        private EventIds ids;
        private Function<EventPayload, Instant> at;
        private Function<Ran<S>, Uni<?>> view = ran -> Uni.createFrom().voidItem();
        private boolean retry;
        private boolean assumeNew;

        private Run(StreamId stream, Aggregate<S, C> aggregate) {
            this.stream = Objects.requireNonNull(stream, "stream");
            this.aggregate = Objects.requireNonNull(aggregate, "aggregate");
        }

        public static <S, C> Run<S, C> on(StreamId stream, Aggregate<S, C> aggregate) {
            return new Run<>(stream, aggregate);
        }

        /** The command, from the state before it. */
        public Run<S, C> command(Function<S, C> command) {
            this.command = state -> Uni.createFrom().item(command.apply(state));
            return this;
        }

        /**
         * A client's command, at the time the client gave or, when it gave none ({@code at} null), now by the runner's
         * clock; the events it decides happened then. The one place a client's missing time becomes "now", for every
         * REST path and ingestion alike. It takes the place of {@link #at} and {@link #command(Function)}, whichever
         * way round they are called.
         */
        public Run<S, C> command(Instant at, Function<Instant, C> command) {
            Objects.requireNonNull(command, "command");
            return commandAsync(at, (state, when) -> Uni.createFrom().item(() -> command.apply(when)));
        }

        /**
         * A client's command as {@link #command(Instant, Function)}, looked up from the state before it and the time
         * it happened (a guarantee's calendar, say); a null command means there is nothing to do.
         */
        public Run<S, C> commandAsync(Instant at, BiFunction<S, Instant, Uni<C>> command) {
            this.clientAt = at;
            this.clientCommand = Objects.requireNonNull(command, "command");
            this.at = null;
            this.command = null;
            return this;
        }

        /** The command, looked up from the state before it; a null command means there is nothing to do. */
        public Run<S, C> commandAsync(Function<S, Uni<C>> command) {
            this.command = command;
            return this;
        }

        /** The stream must exist: an empty one is a 404 for {@code what} (e.g. "Recovery"). */
        public Run<S, C> existing(String what) {
            this.existing = what;
            return this;
        }

        /** The client's event id: a history that already holds it is answered as it stands, appending nothing. */
        public Run<S, C> eventId(UUID eventId) {
            this.eventId = eventId;
            return this;
        }

        /** How decided events get their ids (default: the client's event id, see {@link EventIds#client}). */
        public Run<S, C> ids(EventIds ids) {
            this.ids = ids;
            return this;
        }

        /** When the decided events happened. */
        public Run<S, C> at(Instant at) {
            Objects.requireNonNull(at, "at");
            this.at = payload -> at;
            return this;
        }

        /** When each decided event happened, from what it says. */
        public Run<S, C> at(Function<EventPayload, Instant> at) {
            this.at = at;
            return this;
        }

        /** Saves the read model after an append, in the same transaction. */
        public Run<S, C> view(Function<Ran<S>, Uni<?>> view) {
            this.view = view;
            return this;
        }

        /**
         * The stream is most likely new (its id was just generated, or is new to the caller): decide on the
         * initial state and append at version 0 without loading it first; only when the append is refused, nothing is
         * decided or the command is refused is the stream loaded and the command decided again, in the same transaction.
         */
        public Run<S, C> assumeNew() {
            this.assumeNew = true;
            return this;
        }

        /**
         * Decides again on fresh state when another writer appended first. Only for a runner that
         * opens its own transaction (a request); inside a consumer's transaction the whole record
         * is tried again instead.
         */
        public Run<S, C> retryOnConflict() {
            this.retry = true;
            return this;
        }
    }

    public <S, C> Uni<Ran<S>> run(Run<S, C> run) {
        if (run.clientCommand != null) {
            // Dated once per run, so a decision made again after a conflict keeps the time of the first.
            Instant when = run.clientAt != null ? run.clientAt : clock.instant();
            BiFunction<S, Instant, Uni<C>> client = run.clientCommand;
            run.at = payload -> when;
            run.command = state -> client.apply(state, when);
        }
        Objects.requireNonNull(run.command, "command");
        Objects.requireNonNull(run.at, "at");
        Uni<Ran<S>> once = UnitOfWork.transaction(run.stream, () -> run.assumeNew ? guessed(run) : loaded(run));
        return run.retry ? ConcurrencyConflictException.retried(once) : once;
    }

    /** A stream as it stands, folded, for a read: {@code what} (e.g. "Recovery") names it in the 404 when it is empty. */
    public <S> Uni<Ran<S>> get(StreamId stream, Aggregate<S, ?> aggregate, String what) {
        return store.load(stream).map(history -> {
            if (history.isEmpty()) {
                throw new ResourceNotFoundException(what, stream.id());
            }
            return new Ran<>(aggregate.foldStored(history), history.size(), history, List.of());
        });
    }

    /**
     * Decides on a stream assumed new, without loading it. The guess was wrong when the append is refused or nothing
     * was decided; and a refusal is only the answer for a stream that is new indeed: a retry of a promise made before
     * its guarantee was retired is refused as a new promise, yet answered as the promise it is. In each case the stream
     * is loaded and the command decided again, in the same transaction (a refusal reads and writes nothing, so the
     * transaction is still good).
     */
    private <S, C> Uni<Ran<S>> guessed(Run<S, C> run) {
        return decide(run, List.of(), true)
                .onFailure(DomainException.class).recoverWithUni(refused -> loaded(run))
                .onItem().ifNull().switchTo(() -> loaded(run));
    }

    private <S, C> Uni<Ran<S>> loaded(Run<S, C> run) {
        return store.load(run.stream).flatMap(history -> {
            if (run.existing != null && history.isEmpty()) {
                return Uni.createFrom().failure(new ResourceNotFoundException(run.existing, run.stream.id()));
            }
            return decide(run, history, false);
        });
    }

    /**
     * Decides on {@code history} and appends what was decided at its version. With {@code guess} the history
     * was not loaded but assumed empty: when the stream turns out to exist (the append is refused, or nothing
     * was decided), this answers null, having written nothing, and the caller loads it.
     */
    private <S, C> Uni<Ran<S>> decide(Run<S, C> run, List<StoredEvent> history, boolean guess) {
        S before = run.aggregate.foldStored(history);
        Ran<S> unchanged = new Ran<>(before, history.size(), history, List.of());
        if (run.eventId != null && history.stream().anyMatch(e -> e.eventId().equals(run.eventId))) {
            return Uni.createFrom().item(unchanged);
        }
        return run.command.apply(before).flatMap(command -> {
            List<EventPayload> decided = command == null ? List.of() : run.aggregate.decide(before, command);
            if (decided.isEmpty()) {
                return guess ? Uni.createFrom().nullItem() : Uni.createFrom().item(unchanged);
            }
            EventIds ids = run.ids != null ? run.ids : EventIds.client(run.eventId);
            List<NewEvent> events = new ArrayList<>(decided.size());
            for (int i = 0; i < decided.size(); i++) {
                EventPayload payload = decided.get(i);
                events.add(new NewEvent(ids.next(payload, i), payload, run.at.apply(payload), Map.of()));
            }
            Uni<AppendResult> appended = store.append(run.stream, ExpectedVersion.exactly(history.size()), events);
            if (guess) {
                appended = appended.onFailure(ConcurrencyConflictException.class).recoverWithNull();
            }
            return appended.flatMap(result -> {
                if (result == null || result.duplicate()) {
                    // Not new after all; or derived ids already appended: a replay or a racing replica recorded this before.
                    return guess ? Uni.createFrom().nullItem() : Uni.createFrom().item(unchanged);
                }
                S after = before;
                for (StoredEvent event : result.events()) {
                    after = run.aggregate.apply(after, event.payload());
                }
                List<StoredEvent> all = new ArrayList<>(history);
                all.addAll(result.events());
                Ran<S> ran = new Ran<>(after, result.version(), all, result.events());
                return run.view.apply(ran).replaceWith(ran);
            });
        });
    }
}
