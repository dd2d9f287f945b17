package io.kept.promise.service;

import io.kept.events.EventPayload;
import io.kept.events.StreamKind;
import io.kept.events.promise.PromiseMade;
import io.kept.eventstore.EventStore;
import io.kept.eventstore.NewEvent;
import io.kept.eventstore.StoredEvent;
import io.kept.eventstore.StreamId;
import io.kept.eventstore.UnitOfWork;
import io.kept.eventstore.error.ConcurrencyConflictException;
import io.kept.eventstore.error.DomainException;
import io.kept.eventstore.error.IdempotencyConflictException;
import io.kept.eventstore.error.ResourceNotFoundException;
import io.kept.promise.domain.GuaranteeAggregate;
import io.kept.promise.domain.PromiseAggregate;
import io.kept.promise.domain.PromiseCommand;
import io.kept.promise.domain.PromiseState;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Function;

/** Promise commands and reads: the event store is the truth, the {@code promises} view follows it. */
@ApplicationScoped
public class Promises {

    private final EventStore store;
    private final Guarantees guarantees;
    private final PromiseViews views;
    private final PromiseMetrics metrics;
    private final Clock clock;

    public Promises(EventStore store, Guarantees guarantees, PromiseViews views, PromiseMetrics metrics, Clock clock) {
        this.store = store;
        this.guarantees = guarantees;
        this.views = views;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** What a client asks for when making a promise; absent times default to now and the computed due time. */
    public record Make(String promiseId, String guaranteeId, String customerId, Instant madeAt, Instant dueAt,
            String channel, String team, String agent) {

        /** Whether a promise already made is what this request would make: a retry, not a new promise. */
        boolean sameAs(PromiseMade made) {
            return made.guaranteeId().equals(guaranteeId) && made.customerId().equals(customerId)
                    && (madeAt == null || madeAt.equals(made.madeAt())) && (dueAt == null || dueAt.equals(made.dueAt()))
                    && Objects.equals(channel, made.channel()) && Objects.equals(team, made.team())
                    && Objects.equals(agent, made.agent());
        }
    }

    /** A promise after a command: its state, its whole history, and whether this request changed it. */
    public record Outcome(PromiseState state, List<StoredEvent> history, List<StoredEvent> appended) {

        public boolean changed() {
            return !appended.isEmpty();
        }
    }

    public Uni<Outcome> make(Make request) {
        String promiseId = request.promiseId() != null ? request.promiseId() : UUID.randomUUID().toString();
        StreamId stream = StreamId.of(StreamKind.PROMISE, promiseId);
        return UnitOfWork.transaction(() -> store.load(stream).flatMap(history -> {
            if (!history.isEmpty()) {
                PromiseState state = PromiseAggregate.INSTANCE.foldStored(history);
                if (!request.sameAs(state.made())) {
                    return Uni.createFrom().failure(new IdempotencyConflictException("Promise " + promiseId
                            + " was already made with different details; use a new promiseId for a new promise"));
                }
                return Uni.createFrom().item(new Outcome(state, history, List.of()));
            }
            return guarantees.guarantee(request.guaranteeId()).flatMap(guarantee -> {
                if (!guarantee.exists()) {
                    return Uni.createFrom().failure(DomainException.ruleViolated("guaranteeId",
                            "Guarantee " + request.guaranteeId() + " does not exist; define it with PUT /guarantees/"
                                    + request.guaranteeId()));
                }
                GuaranteeAggregate.requireAcceptsPromises(request.guaranteeId(), guarantee);
                var g = guarantee.current();
                Instant madeAt = request.madeAt() != null ? request.madeAt() : clock.instant();
                Uni<Instant> dueAt = request.dueAt() != null
                        ? Uni.createFrom().item(request.dueAt())
                        : guarantees.calendar(g.calendar()).map(calendar -> {
                            if (calendar == null) {
                                throw new IllegalStateException("Guarantee " + g.guaranteeId() + " names calendar "
                                        + g.calendar() + ", which does not exist");
                            }
                            return calendar.addWorkingTime(madeAt, g.target());
                        });
                return dueAt.flatMap(due -> {
                    PromiseMade made = new PromiseMade(promiseId, g.guaranteeId(), g.version(), request.customerId(),
                            madeAt, due, g.target(), request.channel(), request.team(), request.agent());
                    return store.execute(stream, PromiseAggregate.INSTANCE, new PromiseCommand.Make(made),
                                    envelope(null, madeAt))
                            .flatMap(result -> views.save(result.state(), result.version(), g.atRiskAt())
                                    .replaceWith(new Outcome(result.state(), result.history(), result.appended())));
                });
            });
        })).invoke(outcome -> metrics.recorded(outcome));
    }

    /**
     * Runs a lifecycle command. With an {@code eventId} the request is idempotent: if that event
     * is already in the promise's history, the promise is answered as it stands and nothing is appended.
     */
    public Uni<Outcome> act(String promiseId, UUID eventId, Instant occurredAt, Function<PromiseState, PromiseCommand> command) {
        StreamId stream = StreamId.of(StreamKind.PROMISE, promiseId);
        return ConcurrencyConflictException.retried(UnitOfWork.transaction(() -> store.load(stream).flatMap(history -> {
            if (history.isEmpty()) {
                return Uni.createFrom().failure(new ResourceNotFoundException("Promise", promiseId));
            }
            PromiseState before = PromiseAggregate.INSTANCE.foldStored(history);
            if (eventId != null && history.stream().anyMatch(e -> e.eventId().equals(eventId))) {
                return Uni.createFrom().item(new Outcome(before, history, List.of()));
            }
            return views.atRiskFraction(promiseId).flatMap(fraction -> store
                    .execute(stream, PromiseAggregate.INSTANCE, command.apply(before), envelope(eventId, occurredAt))
                    .flatMap(result -> views.save(result.state(), result.version(), fraction == null ? 0.8 : fraction)
                            .replaceWith(new Outcome(result.state(), result.history(), result.appended()))));
        }))).invoke(outcome -> metrics.recorded(outcome));
    }

    /** Resumes a paused promise, counting the pause in the calendar of the promise's guarantee. */
    public Uni<Outcome> resume(String promiseId, UUID eventId, Instant resumedAt) {
        return get(promiseId).flatMap(current -> guarantees.guarantee(current.state().made().guaranteeId()))
                .flatMap(guarantee -> guarantees.calendar(guarantee.current().calendar()))
                .flatMap(calendar -> act(promiseId, eventId, resumedAt,
                        state -> new PromiseCommand.Resume(resumedAt, calendar)));
    }

    public Uni<Outcome> get(String promiseId) {
        return store.load(StreamId.of(StreamKind.PROMISE, promiseId)).map(history -> {
            if (history.isEmpty()) {
                throw new ResourceNotFoundException("Promise", promiseId);
            }
            return new Outcome(PromiseAggregate.INSTANCE.foldStored(history), history, List.of());
        });
    }

    /**
     * Gives each decided event its id and business time. A client-supplied id goes to the first
     * event; any further event of the same command gets an id derived from it, so a retry of the
     * whole command produces the very same ids.
     */
    static Function<EventPayload, NewEvent> envelope(UUID eventId, Instant occurredAt) {
        int[] index = {0};
        return payload -> {
            int i = index[0]++;
            UUID id = eventId == null
                    ? UUID.randomUUID()
                    : i == 0 ? eventId : UUID.nameUUIDFromBytes((eventId + "/" + i).getBytes(StandardCharsets.UTF_8));
            return new NewEvent(id, payload, occurredAt, Map.of());
        };
    }
}
