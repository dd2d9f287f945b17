package io.kept.promise.service;

import io.kept.events.StreamKind;
import io.kept.eventstore.CommandRunner;
import io.kept.eventstore.CommandRunner.Ran;
import io.kept.eventstore.CommandRunner.Run;
import io.kept.eventstore.StreamId;
import io.kept.eventstore.domain.DomainException;
import io.kept.promise.domain.GuaranteeAggregate;
import io.kept.promise.domain.PromiseAggregate;
import io.kept.promise.domain.PromiseCommand;
import io.kept.promise.domain.PromiseState;
import io.kept.promise.store.PromiseViews;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Function;

/** Promise commands and reads: the event store is the truth, the {@code promises} view follows it. */
@ApplicationScoped
public class Promises {

    private final CommandRunner runner;
    private final Guarantees guarantees;
    private final PromiseViews views;
    private final PromiseMetrics metrics;

    public Promises(CommandRunner runner, Guarantees guarantees, PromiseViews views, PromiseMetrics metrics) {
        this.runner = runner;
        this.guarantees = guarantees;
        this.views = views;
        this.metrics = metrics;
    }

    /**
     * Makes a promise; its id is the caller's (the REST resource and ingestion each give one, generated when absent).
     * The stream is assumed new: the guarantee's terms are looked up and the promise decided without loading it. When
     * it was made before (the append is refused, or the guess was refused: its guarantee retired since, say), it is
     * loaded and the make decided again on its details alone, so a retry is answered as the promise stands.
     */
    public Uni<Ran<PromiseState>> make(PromiseCommand.Make make) {
        String promiseId = Objects.requireNonNull(make.promiseId(), "promiseId");
        return runner.run(Run.on(StreamId.of(StreamKind.PROMISE, promiseId), PromiseAggregate.INSTANCE).assumeNew()
                        .commandAsync(make.madeAt(), (state, madeAt) -> state.exists()
                                ? Uni.createFrom().item(make)
                                : terms(make, madeAt).map(make::under))
                        .view(ran -> views.save(ran.state(), ran.version(), ran.state().made().atRiskAt())))
                .invoke(outcome -> metrics.recorded(outcome));
    }

    /** What a new promise is made under: the guarantee's current version, due by its target in its calendar. */
    private Uni<PromiseCommand.Make.Terms> terms(PromiseCommand.Make make, Instant madeAt) {
        return guarantees.guarantee(make.guaranteeId()).flatMap(guarantee -> {
            if (!guarantee.exists()) {
                return Uni.createFrom().failure(DomainException.ruleViolated("guaranteeId",
                        "Guarantee " + make.guaranteeId() + " does not exist; define it with PUT /guarantees/"
                                + make.guaranteeId()));
            }
            GuaranteeAggregate.requireAcceptsPromises(make.guaranteeId(), guarantee);
            var g = guarantee.current();
            Uni<Instant> dueAt = make.dueAt() != null
                    ? Uni.createFrom().item(make.dueAt())
                    : guarantees.calendar(g.calendar()).map(calendar -> {
                        if (calendar == null) {
                            throw new IllegalStateException("Guarantee " + g.guaranteeId() + " names calendar "
                                    + g.calendar() + ", which does not exist");
                        }
                        return calendar.addWorkingTime(madeAt, g.target());
                    });
            return dueAt.map(due -> new PromiseCommand.Make.Terms(g.version(), g.target(), g.atRiskAt(), madeAt, due));
        });
    }

    /**
     * Runs a lifecycle command at {@code at}, or now when the client gave no time. With an {@code eventId} the request
     * is idempotent: if that event is already in the promise's history, the promise is answered as it stands and
     * nothing is appended.
     */
    public Uni<Ran<PromiseState>> act(String promiseId, UUID eventId, Instant at, Function<Instant, PromiseCommand> command) {
        return run(promiseId, eventId, existing -> existing.command(at, command));
    }

    /**
     * Resumes a paused promise (now when {@code at} is null), counting the pause in its guarantee's calendar, which is
     * looked up from the promise as it is loaded for the command.
     */
    public Uni<Ran<PromiseState>> resume(String promiseId, UUID eventId, Instant at) {
        return run(promiseId, eventId, existing -> existing.commandAsync(at, (state, resumedAt) ->
                guarantees.guarantee(state.made().guaranteeId())
                        .flatMap(guarantee -> guarantees.calendar(guarantee.current().calendar()))
                        .map(calendar -> new PromiseCommand.Resume(resumedAt, calendar))));
    }

    private Uni<Ran<PromiseState>> run(String promiseId, UUID eventId,
            Function<Run<PromiseState, PromiseCommand>, Run<PromiseState, PromiseCommand>> command) {
        return runner.run(command.apply(Run.on(StreamId.of(StreamKind.PROMISE, promiseId), PromiseAggregate.INSTANCE)
                        .existing("Promise").eventId(eventId).retryOnConflict()
                        .view(ran -> {
                            // Promises made before December 2026 do not carry their fraction: the view kept it.
                            Double fraction = ran.state().made().atRiskAt();
                            return (fraction != null ? Uni.createFrom().item(fraction) : views.atRiskFraction(promiseId))
                                    .flatMap(f -> views.save(ran.state(), ran.version(), f == null ? 0.8 : f));
                        })))
                .invoke(outcome -> metrics.recorded(outcome));
    }

    public Uni<Ran<PromiseState>> get(String promiseId) {
        return runner.get(StreamId.of(StreamKind.PROMISE, promiseId), PromiseAggregate.INSTANCE, "Promise");
    }
}
