package io.kept.promise.service;

import io.kept.events.StreamKind;
import io.kept.events.promise.PromiseMade;
import io.kept.eventstore.CommandRunner;
import io.kept.eventstore.CommandRunner.Ran;
import io.kept.eventstore.CommandRunner.Run;
import io.kept.eventstore.EventStore;
import io.kept.eventstore.StreamId;
import io.kept.eventstore.domain.DomainException;
import io.kept.eventstore.error.IdempotencyConflictException;
import io.kept.promise.domain.GuaranteeAggregate;
import io.kept.promise.domain.PromiseAggregate;
import io.kept.promise.domain.PromiseCommand;
import io.kept.promise.domain.PromiseState;
import io.kept.promise.store.PromiseViews;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Function;

/** Promise commands and reads: the event store is the truth, the {@code promises} view follows it. */
@ApplicationScoped
public class Promises {

    private final EventStore store;
    private final CommandRunner runner;
    private final Guarantees guarantees;
    private final PromiseViews views;
    private final PromiseMetrics metrics;
    private final Clock clock;

    public Promises(EventStore store, CommandRunner runner, Guarantees guarantees, PromiseViews views, PromiseMetrics metrics,
            Clock clock) {
        this.store = store;
        this.runner = runner;
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


    /** Makes a promise; its id is the caller's (the REST resource and ingestion each give one, generated when absent). */
    public Uni<Ran<PromiseState>> make(Make request) {
        String promiseId = Objects.requireNonNull(request.promiseId(), "promiseId");
        Instant madeAt = request.madeAt() != null ? request.madeAt() : clock.instant();
        return runner.run(Run.on(StreamId.of(StreamKind.PROMISE, promiseId), PromiseAggregate.INSTANCE).at(madeAt)
                        .assumeNew()
                        .commandAsync(state -> {
                            if (state.exists()) {
                                if (!request.sameAs(state.made())) {
                                    return Uni.createFrom().failure(new IdempotencyConflictException("Promise " + promiseId
                                            + " was already made with different details; use a new promiseId for a new promise"));
                                }
                                return Uni.createFrom().nullItem(); // made before, the same: nothing to do
                            }
                            return made(request, promiseId, madeAt).map(PromiseCommand.Make::new);
                        })
                        .view(ran -> views.save(ran.state(), ran.version(), ran.state().made().atRiskAt())))
                .invoke(outcome -> metrics.recorded(outcome));
    }

    /** The promise.made of a request: under the guarantee's current version, due by its target in its calendar. */
    private Uni<PromiseMade> made(Make request, String promiseId, Instant madeAt) {
        return guarantees.guarantee(request.guaranteeId()).flatMap(guarantee -> {
            if (!guarantee.exists()) {
                return Uni.createFrom().failure(DomainException.ruleViolated("guaranteeId",
                        "Guarantee " + request.guaranteeId() + " does not exist; define it with PUT /guarantees/"
                                + request.guaranteeId()));
            }
            GuaranteeAggregate.requireAcceptsPromises(request.guaranteeId(), guarantee);
            var g = guarantee.current();
            Uni<Instant> dueAt = request.dueAt() != null
                    ? Uni.createFrom().item(request.dueAt())
                    : guarantees.calendar(g.calendar()).map(calendar -> {
                        if (calendar == null) {
                            throw new IllegalStateException("Guarantee " + g.guaranteeId() + " names calendar "
                                    + g.calendar() + ", which does not exist");
                        }
                        return calendar.addWorkingTime(madeAt, g.target());
                    });
            return dueAt.map(due -> new PromiseMade(promiseId, g.guaranteeId(), g.version(), request.customerId(),
                    madeAt, due, g.target(), request.channel(), request.team(), request.agent(), g.atRiskAt()));
        });
    }

    /**
     * Runs a lifecycle command at {@code at}, or now when the client gave no time. With an {@code eventId} the request
     * is idempotent: if that event is already in the promise's history, the promise is answered as it stands and
     * nothing is appended.
     */
    public Uni<Ran<PromiseState>> act(String promiseId, UUID eventId, Instant at, Function<Instant, PromiseCommand> command) {
        return runner.run(Run.on(StreamId.of(StreamKind.PROMISE, promiseId), PromiseAggregate.INSTANCE)
                        .existing("Promise").eventId(eventId).command(at, command).retryOnConflict()
                        .view(ran -> {
                            // Promises made before December 2026 do not carry their fraction: the view kept it.
                            Double fraction = ran.state().made().atRiskAt();
                            return (fraction != null ? Uni.createFrom().item(fraction) : views.atRiskFraction(promiseId))
                                    .flatMap(f -> views.save(ran.state(), ran.version(), f == null ? 0.8 : f));
                        }))
                .invoke(outcome -> metrics.recorded(outcome));
    }


    /** Resumes a paused promise (now when {@code at} is null), counting the pause in its guarantee's calendar. */
    public Uni<Ran<PromiseState>> resume(String promiseId, UUID eventId, Instant at) {
        return get(promiseId).flatMap(current -> guarantees.guarantee(current.state().made().guaranteeId()))
                .flatMap(guarantee -> guarantees.calendar(guarantee.current().calendar()))
                .flatMap(calendar -> act(promiseId, eventId, at, resumedAt -> new PromiseCommand.Resume(resumedAt, calendar)));
    }

    public Uni<Ran<PromiseState>> get(String promiseId) {
        return runner.get(StreamId.of(StreamKind.PROMISE, promiseId), PromiseAggregate.INSTANCE, "Promise");
    }
}
