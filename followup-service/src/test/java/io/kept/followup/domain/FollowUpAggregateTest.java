package io.kept.followup.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.kept.events.followup.FollowUpCancelled;
import io.kept.events.followup.FollowUpCompleted;
import io.kept.events.followup.FollowUpKind;
import io.kept.events.followup.FollowUpMissed;
import io.kept.events.followup.FollowUpScheduled;
import io.kept.eventstore.domain.DomainException;
import io.kept.eventstore.testing.AggregateFixture;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class FollowUpAggregateTest {

    private static final Instant DUE = Instant.parse("2026-03-02T12:00:00Z");
    private static final Duration GRACE = Duration.ofHours(1);
    /** The verified caller: the event names them. */
    private static final String AGENT = "agent-9";
    private static final FollowUpScheduled SCHEDULED = new FollowUpScheduled("f-1", "r-1", "c-1",
            FollowUpKind.SATISFACTION_CHECK, DUE, "g-1", DUE.minus(Duration.ofHours(2)));

    private final AggregateFixture<FollowUpState, FollowUpCommand> fixture = AggregateFixture.of(FollowUpAggregate.INSTANCE);

    @Test
    void aFollowUpIsScheduledOnce() {
        fixture.given().when(new FollowUpCommand.Schedule(SCHEDULED)).then(SCHEDULED);
        fixture.given(SCHEDULED).when(new FollowUpCommand.Schedule(SCHEDULED)).thenNothing();
    }

    @Test
    void completingRecordsTheCustomersAnswer() {
        Instant at = DUE.minusSeconds(600);
        var outcome = fixture.given(SCHEDULED).when(new FollowUpCommand.Complete(at, AGENT, true, 5, true, "lovely"))
                .then(new FollowUpCompleted("f-1", at, true, 5, true, "lovely", AGENT));
        assertThat(outcome.state().status()).isEqualTo(FollowUpStatus.COMPLETED);
    }

    @Test
    void completingTwiceIsRefused() {
        FollowUpCompleted done = new FollowUpCompleted("f-1", DUE, true, 4, null, null, null);
        fixture.given(SCHEDULED, done).when(new FollowUpCommand.Complete(DUE.plusSeconds(5), AGENT, false, 2, null, null))
                .thenRefused(DomainException.class, "already completed");
    }

    @Test
    void aScoreOutsideOneToFiveIsRefusedNamingTheField() {
        fixture.given(SCHEDULED).when(new FollowUpCommand.Complete(DUE, AGENT, true, 0, null, null))
                .thenRefused(DomainException.Kind.INVALID_INPUT, "score");
        fixture.given(SCHEDULED).when(new FollowUpCommand.Complete(DUE, AGENT, true, 6, null, null))
                .thenRefused(DomainException.Kind.INVALID_INPUT, "score");
    }

    @Test
    void anAnswerOrCancellationDatedBeforeTheFollowUpWasScheduledIsRefusedNamingAt() {
        Instant before = SCHEDULED.scheduledAt().minusSeconds(1);
        fixture.given(SCHEDULED).when(new FollowUpCommand.Complete(before, AGENT, true, 4, null, null))
                .thenRefused(DomainException.class, "before the follow-up was scheduled");
        fixture.given(SCHEDULED).when(new FollowUpCommand.Cancel(before, AGENT, "no need"))
                .thenRefused(DomainException.class, "before the follow-up was scheduled");
        FollowUpScheduled old = new FollowUpScheduled("f-1", "r-1", "c-1", FollowUpKind.SATISFACTION_CHECK, DUE, "g-1", null);
        fixture.given(old).when(new FollowUpCommand.Complete(before, AGENT, true, 4, null, null))
                .then(new FollowUpCompleted("f-1", before, true, 4, null, null, AGENT));
    }

    @Test
    void aCancelledFollowUpCannotBeCompleted() {
        FollowUpCancelled cancelled = new FollowUpCancelled("f-1", DUE.minusSeconds(60), "customer asked not to be called", AGENT);
        fixture.given(SCHEDULED).when(new FollowUpCommand.Cancel(DUE.minusSeconds(60), AGENT, "customer asked not to be called"))
                .then(cancelled);
        fixture.given(SCHEDULED, cancelled).when(new FollowUpCommand.Complete(DUE, AGENT, true, 3, null, null))
                .thenRefused(DomainException.class, "already cancelled");
    }

    @Test
    void aFollowUpStillOpenAtDuePlusGraceIsMissedOnce() {
        FollowUpMissed missed = new FollowUpMissed("f-1", DUE.plus(GRACE), DUE);
        fixture.given(SCHEDULED).when(new FollowUpCommand.CheckOverdue(DUE.plus(GRACE).minusSeconds(1), GRACE)).thenNothing();
        fixture.given(SCHEDULED).when(new FollowUpCommand.CheckOverdue(DUE.plus(GRACE), GRACE)).then(missed);
        fixture.given(SCHEDULED, missed).when(new FollowUpCommand.CheckOverdue(DUE.plus(Duration.ofDays(1)), GRACE))
                .thenNothing();
    }

    @Test
    void aMissedFollowUpCanStillBeCompletedLate() {
        FollowUpMissed missed = new FollowUpMissed("f-1", DUE.plus(GRACE), DUE);
        Instant late = DUE.plus(Duration.ofHours(5));
        fixture.given(SCHEDULED, missed).when(new FollowUpCommand.Complete(late, AGENT, false, 2, false, "too late"))
                .then(new FollowUpCompleted("f-1", late, false, 2, false, "too late", AGENT));
    }

    @Test
    void aCompletedFollowUpIsNeverMissed() {
        fixture.given(SCHEDULED, new FollowUpCompleted("f-1", DUE, true, 4, null, null, null))
                .when(new FollowUpCommand.CheckOverdue(DUE.plus(Duration.ofDays(2)), GRACE)).thenNothing();
    }
}
