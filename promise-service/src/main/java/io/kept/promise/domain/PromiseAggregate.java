package io.kept.promise.domain;

import io.kept.events.EventPayload;
import io.kept.events.promise.BreachCause;
import io.kept.events.promise.PromiseAtRisk;
import io.kept.events.promise.PromiseBreachRetracted;
import io.kept.events.promise.PromiseBroken;
import io.kept.events.promise.PromiseCancelled;
import io.kept.events.promise.PromiseKept;
import io.kept.events.promise.PromiseMade;
import io.kept.events.promise.PromisePaused;
import io.kept.events.promise.PromiseResumed;
import io.kept.eventstore.Lifecycle;
import io.kept.eventstore.domain.DomainException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The promise lifecycle: made, then paused and resumed any number of times, and finally kept,
 * broken or cancelled. Late reports are facts too: a {@code kept} at or before the due time that
 * arrives after the watcher broke the promise retracts the automatic breach (a correction
 * event, never an edit); a {@code kept} after the due time is recorded as kept late.
 */
public final class PromiseAggregate extends Lifecycle<PromiseState, PromiseCommand, PromiseCommand.Make> {

    public static final PromiseAggregate INSTANCE = new PromiseAggregate();

    private PromiseAggregate() {
        super(PromiseState.NONE, PromiseCommand.Make.class, "promise");
    }

    @Override
    protected List<EventPayload> begin(PromiseState state, PromiseCommand.Make make) {
        if (state.exists()) {
            if (make.sameAs(state.made())) {
                return List.of(); // made before, the same: a retry
            }
            throw DomainException.idTaken("Promise " + make.promiseId()
                    + " was already made with different details; use a new promiseId for a new promise");
        }
        PromiseCommand.Make.Terms terms = Objects.requireNonNull(make.terms(), "a new promise is made under terms");
        if (terms.dueAt().isBefore(terms.madeAt())) {
            throw DomainException.ruleViolated("dueAt", "dueAt (" + terms.dueAt() + ") is before madeAt ("
                    + terms.madeAt() + ")");
        }
        return List.of(new PromiseMade(make.promiseId(), make.guaranteeId(), terms.guaranteeVersion(), make.customerId(),
                terms.madeAt(), terms.dueAt(), terms.target(), make.channel(), make.team(), make.agent(),
                terms.atRiskAt()));
    }

    @Override
    protected List<EventPayload> change(PromiseState state, PromiseCommand command) {
        String id = state.made().promiseId();
        if (command instanceof PromiseCommand.ReportKept kept) {
            notBeforeMade(state, "keptAt", kept.keptAt());
            return kept(state, id, kept.keptAt());
        }
        if (command instanceof PromiseCommand.ReportBroken broken) {
            requireOpen(state, "reported broken");
            notBeforeMade(state, "brokenAt", broken.brokenAt());
            return List.of(new PromiseBroken(id, broken.brokenAt(), BreachCause.REPORTED, broken.category(),
                    broken.severity(), broken.avoidable(), broken.description()));
        }
        if (command instanceof PromiseCommand.Pause pause) {
            requireOpen(state, "paused");
            notBeforeMade(state, "pausedAt", pause.pausedAt());
            if (state.status() == PromiseStatus.PAUSED) {
                throw DomainException.illegalTransition("Promise " + id + " is already paused since " + state.pausedAt());
            }
            return List.of(new PromisePaused(id, pause.pausedAt(), pause.reason()));
        }
        if (command instanceof PromiseCommand.Resume resume) {
            if (state.status() != PromiseStatus.PAUSED) {
                throw DomainException.illegalTransition("Promise " + id + " is " + state.status().value()
                        + ", not paused; only a paused promise can be resumed");
            }
            if (resume.resumedAt().isBefore(state.pausedAt())) {
                throw DomainException.ruleViolated("resumedAt", "A promise cannot resume (" + resume.resumedAt()
                        + ") before it was paused (" + state.pausedAt() + ")");
            }
            Duration paused = resume.calendar().workingTimeBetween(state.pausedAt(), resume.resumedAt());
            // The clock stood still for that much working time, so the deadline moves by as much working time.
            Instant newDue = resume.calendar().addWorkingTime(state.dueAt(), paused);
            return List.of(new PromiseResumed(id, resume.resumedAt(), newDue));
        }
        if (command instanceof PromiseCommand.Cancel cancel) {
            requireOpen(state, "cancelled");
            return List.of(new PromiseCancelled(id, cancel.cancelledAt(), cancel.reason()));
        }
        if (command instanceof PromiseCommand.CheckDeadline check) {
            return checkDeadline(state, id, check);
        }
        throw new IllegalArgumentException("Unknown command " + command);
    }

    /** A report cannot be dated before the promise it reports on was made. */
    private static void notBeforeMade(PromiseState state, String field, Instant at) {
        if (at.isBefore(state.made().madeAt())) {
            throw DomainException.ruleViolated(field, field + " (" + at + ") is before the promise was made ("
                    + state.made().madeAt() + ")");
        }
    }

    private static List<EventPayload> kept(PromiseState state, String id, Instant keptAt) {
        boolean late = keptAt.isAfter(state.dueAt());
        switch (state.status()) {
            case OPEN, PAUSED -> {
                return List.of(new PromiseKept(id, keptAt, late));
            }
            case BROKEN -> {
                if (state.breachCause() == BreachCause.DEADLINE_MISSED && !late) {
                    // The report was late, not the promise: correct the automatic breach.
                    return List.of(
                            new PromiseBreachRetracted(id, keptAt, keptAt,
                                    "kept at " + keptAt + ", at or before its due time " + state.dueAt()),
                            new PromiseKept(id, keptAt, false));
                }
                throw DomainException.illegalTransition("Promise " + id + " is already broken ("
                        + state.breachCause().value() + ")"
                        + (late ? " and was reported kept after its due time " + state.dueAt() : "")
                        + "; a broken promise cannot be kept");
            }
            case KEPT -> throw DomainException.illegalTransition("Promise " + id + " is already kept");
            case CANCELLED -> throw DomainException.illegalTransition("Promise " + id + " was cancelled; nothing can follow");
            default -> throw new IllegalStateException("Unexpected status " + state.status());
        }
    }

    private static List<EventPayload> checkDeadline(PromiseState state, String id, PromiseCommand.CheckDeadline check) {
        // A paused promise's clock is stopped: it can be neither at risk nor overdue.
        if (state.status() != PromiseStatus.OPEN) {
            return List.of();
        }
        if (!check.now().isBefore(state.dueAt().plus(check.grace()))) {
            return List.of(new PromiseBroken(id, state.dueAt(), BreachCause.DEADLINE_MISSED, check.category(),
                    check.severity(), null, "still open at " + state.dueAt() + " plus " + check.grace() + " grace"));
        }
        if (!state.atRisk() && !check.now().isBefore(atRiskPoint(state, check.atRiskFraction()))) {
            return List.of(new PromiseAtRisk(id, check.now(), state.dueAt()));
        }
        return List.of();
    }

    /** When {@code fraction} of the window from making to the (current) due time has passed. */
    public static Instant atRiskPoint(PromiseState state, double fraction) {
        Duration window = Duration.between(state.made().madeAt(), state.dueAt());
        return state.made().madeAt().plusMillis((long) (window.toMillis() * fraction));
    }

    private static void requireOpen(PromiseState state, String what) {
        String id = state.made().promiseId();
        switch (state.status()) {
            case OPEN, PAUSED -> {
            }
            case KEPT -> throw DomainException.illegalTransition("Promise " + id + " is already kept; it cannot be " + what);
            case BROKEN -> throw DomainException.illegalTransition("Promise " + id + " is already broken; it cannot be " + what);
            case CANCELLED -> throw DomainException.illegalTransition("Promise " + id + " was cancelled; it cannot be " + what);
            default -> throw new IllegalStateException("Unexpected status " + state.status());
        }
    }

    @Override
    public PromiseState apply(PromiseState state, EventPayload event) {
        if (event instanceof PromiseMade made) {
            return new PromiseState(PromiseStatus.OPEN, made, made.dueAt(), null, null, false, false);
        }
        if (event instanceof PromisePaused paused) {
            return new PromiseState(PromiseStatus.PAUSED, state.made(), state.dueAt(), paused.pausedAt(),
                    null, state.atRisk(), false);
        }
        if (event instanceof PromiseResumed resumed) {
            // A new due time starts a new window: the at-risk warning may come again.
            return new PromiseState(PromiseStatus.OPEN, state.made(), resumed.dueAt(), null, null, false, false);
        }
        if (event instanceof PromiseAtRisk) {
            return new PromiseState(state.status(), state.made(), state.dueAt(), state.pausedAt(), null, true, false);
        }
        if (event instanceof PromiseBroken broken) {
            return new PromiseState(PromiseStatus.BROKEN, state.made(), state.dueAt(), null, broken.cause(),
                    state.atRisk(), false);
        }
        if (event instanceof PromiseBreachRetracted) {
            return new PromiseState(PromiseStatus.OPEN, state.made(), state.dueAt(), null, null, state.atRisk(), false);
        }
        if (event instanceof PromiseKept kept) {
            return new PromiseState(PromiseStatus.KEPT, state.made(), state.dueAt(), null, null, state.atRisk(), kept.late());
        }
        if (event instanceof PromiseCancelled) {
            return state.withStatus(PromiseStatus.CANCELLED);
        }
        return state;
    }
}
