package io.kept.promise.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.kept.events.promise.BreachCause;
import io.kept.events.promise.FailureCategory;
import io.kept.events.promise.PromiseAtRisk;
import io.kept.events.promise.PromiseBreachRetracted;
import io.kept.events.promise.PromiseBroken;
import io.kept.events.promise.PromiseCancelled;
import io.kept.events.promise.PromiseKept;
import io.kept.events.promise.PromiseMade;
import io.kept.events.promise.PromisePaused;
import io.kept.events.promise.PromiseResumed;
import io.kept.events.promise.Severity;
import io.kept.eventstore.domain.DomainException;
import io.kept.eventstore.testing.AggregateFixture;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class PromiseAggregateTest {

    private static final String ID = "p-1";
    private static final Instant MADE = Instant.parse("2026-03-02T09:00:00Z");
    private static final Instant DUE = MADE.plus(Duration.ofHours(4));
    private static final PromiseMade PROMISE = new PromiseMade(ID, "g-1", 1, "c-1", MADE, DUE, Duration.ofHours(4),
            "web", "team-a", "agent-7", 0.8);
    private static final PromiseCommand.CheckDeadline CHECK_AT_DUE_PLUS_GRACE = check(DUE.plus(Duration.ofMinutes(1)));
    private static final PromiseBroken MISSED = new PromiseBroken(ID, DUE, BreachCause.DEADLINE_MISSED,
            FailureCategory.INEFFICIENCY, Severity.MAJOR, null, "still open at " + DUE + " plus PT1M grace");
    /** A breach the caller reported a minute after the promise was made. */
    private static final PromiseBroken REPORTED_BROKEN = new PromiseBroken(ID, MADE.plusSeconds(60), BreachCause.REPORTED,
            FailureCategory.MISTAKE, Severity.MINOR, false, null);

    private final AggregateFixture<PromiseState, PromiseCommand> fixture = AggregateFixture.of(PromiseAggregate.INSTANCE);

    /** The command that makes {@code promise}, with the terms its guarantee gave it. */
    private static PromiseCommand.Make making(PromiseMade promise) {
        return new PromiseCommand.Make(promise.promiseId(), promise.guaranteeId(), promise.customerId(), promise.madeAt(),
                promise.dueAt(), promise.channel(), promise.team(), promise.agent())
                .under(new PromiseCommand.Make.Terms(promise.guaranteeVersion(), promise.target(), promise.atRiskAt(),
                        promise.madeAt(), promise.dueAt()));
    }

    private static PromiseCommand.CheckDeadline check(Instant now) {
        return new PromiseCommand.CheckDeadline(now, Duration.ofMinutes(1), 0.8, FailureCategory.INEFFICIENCY, Severity.MAJOR);
    }

    @Test
    void aNewPromiseIsMadeAndOpen() {
        var outcome = fixture.given().when(making(PROMISE)).then(PROMISE);
        assertThat(outcome.state().status()).isEqualTo(PromiseStatus.OPEN);
        assertThat(outcome.state().dueAt()).isEqualTo(DUE);
    }

    @Test
    void makingTheSamePromiseAgainChangesNothing() {
        fixture.given(PROMISE).when(making(PROMISE)).thenNothing();
    }

    @Test
    void aRetryWithoutItsTimesIsTheSamePromise() {
        fixture.given(PROMISE).when(new PromiseCommand.Make(ID, "g-1", "c-1", null, null, "web", "team-a", "agent-7"))
                .thenNothing();
    }

    @Test
    void makingADifferentPromiseUnderTheSameIdIsAConflict() {
        PromiseMade other = new PromiseMade(ID, "g-1", 1, "c-2", MADE, DUE, Duration.ofHours(4), null, null, null, null);
        fixture.given(PROMISE).when(making(other))
                .thenRefused(DomainException.Kind.ID_TAKEN, "already made with different details");
    }

    @Test
    void aPromiseCannotBeDueBeforeItWasMade() {
        PromiseMade backwards = new PromiseMade(ID, "g-1", 1, "c-1", MADE, MADE.minusSeconds(1), Duration.ZERO, null, null, null, null);
        fixture.given().when(making(backwards)).thenRefused(DomainException.class, "before madeAt");
    }

    @Test
    void keptInTimeIsKept() {
        Instant at = DUE.minusSeconds(60);
        fixture.given(PROMISE).when(new PromiseCommand.ReportKept(at)).then(new PromiseKept(ID, at, false));
    }

    @Test
    void keptExactlyAtTheDueTimeIsInTime() {
        fixture.given(PROMISE).when(new PromiseCommand.ReportKept(DUE)).then(new PromiseKept(ID, DUE, false));
    }

    @Test
    void keptAfterTheDueTimeIsKeptLate() {
        Instant at = DUE.plusSeconds(1);
        var outcome = fixture.given(PROMISE).when(new PromiseCommand.ReportKept(at)).then(new PromiseKept(ID, at, true));
        assertThat(outcome.state().keptLate()).isTrue();
    }

    @Test
    void aPausedPromiseCanBeKept() {
        Instant paused = MADE.plusSeconds(600);
        Instant at = MADE.plusSeconds(900);
        fixture.given(PROMISE, new PromisePaused(ID, paused, "waiting on the customer"))
                .when(new PromiseCommand.ReportKept(at)).then(new PromiseKept(ID, at, false));
    }

    @Test
    void aReportedBreachRecordsItsDetails() {
        Instant at = MADE.plusSeconds(3600);
        fixture.given(PROMISE)
                .when(new PromiseCommand.ReportBroken(at, FailureCategory.BREAKDOWN, Severity.CRITICAL, true, "van broke down"))
                .then(new PromiseBroken(ID, at, BreachCause.REPORTED, FailureCategory.BREAKDOWN, Severity.CRITICAL, true,
                        "van broke down"));
    }

    @Test
    void aBrokenPromiseCannotBeKept() {
        fixture.given(PROMISE, REPORTED_BROKEN).when(new PromiseCommand.ReportKept(MADE.plusSeconds(120)))
                .thenRefused(DomainException.class, "a broken promise cannot be kept");
    }

    @Test
    void aPromiseCannotBeBrokenTwice() {
        fixture.given(PROMISE, MISSED)
                .when(new PromiseCommand.ReportBroken(DUE, FailureCategory.MISTAKE, Severity.MINOR, null, null))
                .thenRefused(DomainException.class, "already broken");
    }

    @Test
    void aKeptPromiseCannotBeBrokenOrKeptAgain() {
        PromiseKept kept = new PromiseKept(ID, MADE.plusSeconds(60), false);
        fixture.given(PROMISE, kept)
                .when(new PromiseCommand.ReportBroken(DUE, FailureCategory.MISTAKE, Severity.MINOR, null, null))
                .thenRefused(DomainException.class, "already kept");
        fixture.given(PROMISE, kept).when(new PromiseCommand.ReportKept(MADE.plusSeconds(90)))
                .thenRefused(DomainException.class, "already kept");
    }

    @Test
    void nothingFollowsACancellation() {
        PromiseCancelled cancelled = new PromiseCancelled(ID, MADE.plusSeconds(60), "order withdrawn");
        fixture.given(PROMISE, cancelled).when(new PromiseCommand.ReportKept(MADE.plusSeconds(90)))
                .thenRefused(DomainException.class, "cancelled");
        fixture.given(PROMISE, cancelled).when(new PromiseCommand.Pause(MADE.plusSeconds(90), null))
                .thenRefused(DomainException.class, "cancelled");
        fixture.given(PROMISE, cancelled).when(new PromiseCommand.Cancel(MADE.plusSeconds(90), null))
                .thenRefused(DomainException.class, "cancelled");
    }

    @Test
    void anOpenPromiseCanBeCancelled() {
        Instant at = MADE.plusSeconds(60);
        fixture.given(PROMISE).when(new PromiseCommand.Cancel(at, "order withdrawn"))
                .then(new PromiseCancelled(ID, at, "order withdrawn"));
    }

    @Test
    void pausingTwiceIsRefused() {
        fixture.given(PROMISE, new PromisePaused(ID, MADE.plusSeconds(60), null))
                .when(new PromiseCommand.Pause(MADE.plusSeconds(120), null))
                .thenRefused(DomainException.class, "already paused");
    }

    @Test
    void resumingMovesTheDueTimeByThePausedWorkingTime() {
        Instant paused = MADE.plus(Duration.ofHours(1));
        Instant resumed = paused.plus(Duration.ofMinutes(90));
        var outcome = fixture.given(PROMISE, new PromisePaused(ID, paused, "waiting on the customer"))
                .when(new PromiseCommand.Resume(resumed, BusinessCalendar.ALWAYS))
                .then(new PromiseResumed(ID, resumed, DUE.plus(Duration.ofMinutes(90))));
        assertThat(outcome.state().status()).isEqualTo(PromiseStatus.OPEN);
    }

    @Test
    void onlyAPausedPromiseCanBeResumed() {
        fixture.given(PROMISE).when(new PromiseCommand.Resume(MADE.plusSeconds(60), BusinessCalendar.ALWAYS))
                .thenRefused(DomainException.class, "not paused");
    }

    @Test
    void aPromiseCannotResumeBeforeItWasPaused() {
        fixture.given(PROMISE, new PromisePaused(ID, MADE.plusSeconds(600), null))
                .when(new PromiseCommand.Resume(MADE.plusSeconds(300), BusinessCalendar.ALWAYS))
                .thenRefused(DomainException.class, "before it was paused");
    }

    @Test
    void anOpenPromisePastItsDueTimePlusGraceIsBrokenByTheWatcher() {
        var outcome = fixture.given(PROMISE).when(CHECK_AT_DUE_PLUS_GRACE).then(MISSED);
        assertThat(outcome.state().breachCause()).isEqualTo(BreachCause.DEADLINE_MISSED);
    }

    @Test
    void withinTheGraceTheWatcherWaits() {
        fixture.given(PROMISE, new PromiseAtRisk(ID, DUE.minusSeconds(60), DUE))
                .when(check(DUE.plusSeconds(59))).thenNothing();
    }

    @Test
    void thePausedClockIsStoppedForTheWatcher() {
        fixture.given(PROMISE, new PromisePaused(ID, MADE.plusSeconds(60), null))
                .when(check(DUE.plus(Duration.ofDays(3)))).thenNothing();
    }

    @Test
    void theWatcherLeavesFinishedPromisesAlone() {
        fixture.given(PROMISE, new PromiseKept(ID, MADE.plusSeconds(60), false))
                .when(CHECK_AT_DUE_PLUS_GRACE).thenNothing();
        fixture.given(PROMISE, MISSED).when(check(DUE.plus(Duration.ofHours(1)))).thenNothing();
    }

    @Test
    void atTheAtRiskFractionOfItsWindowAPromiseIsFlaggedOnce() {
        // 80 % of a 4 h window: 3 h 12 min after it was made.
        Instant atRisk = MADE.plus(Duration.ofMinutes(192));
        fixture.given(PROMISE).when(check(atRisk.minusSeconds(1))).thenNothing();
        fixture.given(PROMISE).when(check(atRisk)).then(new PromiseAtRisk(ID, atRisk, DUE));
        fixture.given(PROMISE, new PromiseAtRisk(ID, atRisk, DUE)).when(check(atRisk.plusSeconds(60))).thenNothing();
    }

    @Test
    void aLateReportOfKeepingInTimeRetractsTheAutomaticBreach() {
        Instant keptAt = DUE.minusSeconds(300);
        var outcome = fixture.given(PROMISE, MISSED).when(new PromiseCommand.ReportKept(keptAt))
                .then(new PromiseBreachRetracted(ID, keptAt, keptAt, "kept at " + keptAt + ", at or before its due time " + DUE),
                        new PromiseKept(ID, keptAt, false));
        assertThat(outcome.state().status()).isEqualTo(PromiseStatus.KEPT);
        assertThat(outcome.state().keptLate()).isFalse();
    }

    @Test
    void aReportOfKeepingLateDoesNotRetractTheBreach() {
        fixture.given(PROMISE, MISSED).when(new PromiseCommand.ReportKept(DUE.plusSeconds(1)))
                .thenRefused(DomainException.class, "after its due time");
    }

    @Test
    void aReportedBreachIsNeverRetractedByAKeptReport() {
        fixture.given(PROMISE, REPORTED_BROKEN).when(new PromiseCommand.ReportKept(MADE.plusSeconds(30)))
                .thenRefused(DomainException.class, "already broken");
    }
}
