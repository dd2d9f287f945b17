package io.kept.recovery.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.kept.events.TrustBudget;
import io.kept.events.promise.Severity;
import io.kept.events.recovery.Compensation;
import io.kept.events.recovery.CompensationKind;
import io.kept.events.recovery.EscalationReason;
import io.kept.events.recovery.RecoveryAbandoned;
import io.kept.events.recovery.RecoveryAcknowledged;
import io.kept.events.recovery.RecoveryDiagnosed;
import io.kept.events.recovery.RecoveryEscalated;
import io.kept.events.recovery.RecoveryOpened;
import io.kept.events.recovery.RecoveryResolved;
import io.kept.events.recovery.RecoveryWithdrawn;
import io.kept.eventstore.domain.DomainException;
import io.kept.eventstore.testing.AggregateFixture;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RecoveryAggregateTest {

    private static final String ID = "r-1";
    /** The default: once in 90 days. */
    private static final TrustBudget TRUST = TrustBudget.of(1, "90d");
    private static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");
    private static final BigDecimal LIMIT = new BigDecimal("50");
    private static final RecoveryOpened OPENED = new RecoveryOpened(ID, "p-1", "c-1", "g-1", Severity.MAJOR, 0, true, T0,
            T0.plus(Duration.ofHours(1)), T0.plus(Duration.ofDays(1)));
    private static final RecoveryAcknowledged ACKED = new RecoveryAcknowledged(ID, T0.plusSeconds(600), "agent-7",
            "We are sorry your parcel is late");
    private static final Compensation VOUCHER = new Compensation(CompensationKind.CREDIT, new BigDecimal("20.00"), "EUR");

    private final AggregateFixture<RecoveryState, RecoveryCommand> fixture = AggregateFixture.of(RecoveryAggregate.INSTANCE);

    private static RecoveryCommand.Open open(Severity severity, Boolean avoidable, int priorFailures) {
        return new RecoveryCommand.Open(ID, "p-1", "c-1", "g-1", severity, avoidable, priorFailures, TRUST, T0,
                RecoveryTargets.DEFAULTS);
    }

    /** Resolved by an agent: the verified caller, who holds no supervisor role. */
    private static RecoveryCommand.Resolve resolve(Compensation compensation) {
        return new RecoveryCommand.Resolve(T0.plusSeconds(3600), "re-delivered by courier", compensation,
                "drove it over personally", "agent-7", false, LIMIT);
    }

    private static RecoveryCommand.Resolve resolveBySupervisor(Compensation compensation) {
        return new RecoveryCommand.Resolve(T0.plusSeconds(3600), "re-delivered by courier", compensation,
                "drove it over personally", "supervisor-2", true, LIMIT);
    }

    @Test
    void aFirstMinorUnavoidableFailureOpensAParadoxEligibleRecoveryWithItsClocks() {
        fixture.given().when(open(Severity.MAJOR, false, 0)).then(OPENED);
    }

    @Test
    void anUnknownAvoidabilityStillCountsAsEligible() {
        var outcome = fixture.given().when(open(Severity.MINOR, null, 0)).state();
        assertThat(outcome.opened().paradoxEligible()).isTrue();
        assertThat(outcome.opened().acknowledgeBy()).isEqualTo(T0.plus(Duration.ofHours(4)));
        assertThat(outcome.opened().resolveBy()).isEqualTo(T0.plus(Duration.ofDays(2)));
    }

    @Test
    void anAvoidableFailureIsNotEligible() {
        assertThat(fixture.given().when(open(Severity.MINOR, true, 0)).state().opened().paradoxEligible()).isFalse();
    }

    @Test
    void aFailureAfterTheTrustBudgetIsSpentIsEscalatedAtOnceAndNotEligible() {
        var outcome = fixture.given().when(open(Severity.MINOR, false, 2)).state();
        assertThat(outcome.opened().paradoxEligible()).isFalse();
        assertThat(outcome.opened().priorFailures()).isEqualTo(2);
        assertThat(outcome.escalations()).containsExactly(EscalationReason.TRUST_BUDGET_SPENT);
        fixture.given().when(open(Severity.MINOR, false, 1)).then(
                new RecoveryOpened(ID, "p-1", "c-1", "g-1", Severity.MINOR, 1, false, T0, T0.plus(Duration.ofHours(4)),
                        T0.plus(Duration.ofDays(2))),
                new RecoveryEscalated(ID, T0, EscalationReason.TRUST_BUDGET_SPENT, "customer c-1 had been failed 1 time(s)"
                        + " in the last 90 days, and the trust budget allows 1: the same problem again needs a process fix,"
                        + " not a voucher"));
    }

    @Test
    void aLargerTrustBudgetEscalatesOnlyOnceItIsSpent() {
        TrustBudget two = new TrustBudget(2, Duration.ofDays(90));
        var second = fixture.given().when(new RecoveryCommand.Open(ID, "p-1", "c-1", "g-1", Severity.MINOR, false, 1, two,
                T0, RecoveryTargets.DEFAULTS)).state();
        // Not escalated, but no longer the customer's first failure: the paradox cannot hold.
        assertThat(second.escalations()).isEmpty();
        assertThat(second.opened().paradoxEligible()).isFalse();
        var third = fixture.given().when(new RecoveryCommand.Open(ID, "p-1", "c-1", "g-1", Severity.MINOR, false, 2, two,
                T0, RecoveryTargets.DEFAULTS)).state();
        assertThat(third.escalations()).containsExactly(EscalationReason.TRUST_BUDGET_SPENT);
    }

    @Test
    void aBudgetOfNoFailureEscalatesEveryOne() {
        var first = fixture.given().when(new RecoveryCommand.Open(ID, "p-1", "c-1", "g-1", Severity.MINOR, false, 0,
                new TrustBudget(0, Duration.ofDays(90)), T0, RecoveryTargets.DEFAULTS)).state();
        assertThat(first.escalations()).containsExactly(EscalationReason.TRUST_BUDGET_SPENT);
    }

    @Test
    void aCriticalFailureIsEscalatedAtOnceWithShortClocks() {
        var outcome = fixture.given().when(open(Severity.CRITICAL, false, 0)).state();
        assertThat(outcome.opened().paradoxEligible()).isFalse();
        assertThat(outcome.escalations()).containsExactly(EscalationReason.CRITICAL_SEVERITY);
        assertThat(outcome.opened().acknowledgeBy()).isEqualTo(T0.plus(Duration.ofMinutes(15)));
        assertThat(outcome.opened().resolveBy()).isEqualTo(T0.plus(Duration.ofHours(8)));
    }

    @Test
    void openingTwiceOpensOnce() {
        fixture.given(OPENED).when(open(Severity.MAJOR, false, 0)).thenNothing();
    }

    @Test
    void acknowledgingRecordsWhoApologised() {
        fixture.given(OPENED).when(new RecoveryCommand.Acknowledge(ACKED.acknowledgedAt(), "agent-7",
                "We are sorry your parcel is late")).then(ACKED);
    }

    @Test
    void acknowledgingTwiceIsRefused() {
        fixture.given(OPENED, ACKED).when(new RecoveryCommand.Acknowledge(T0.plusSeconds(900), "agent-8", "Sorry"))
                .thenRefused(DomainException.class, "already acknowledged");
    }

    @Test
    void diagnosingRecordsTheRealProblem() {
        Instant at = T0.plusSeconds(1200);
        fixture.given(OPENED, ACKED).when(new RecoveryCommand.Diagnose(at, "agent-7", "must reach her aunt in hospital", "routing"))
                .then(new RecoveryDiagnosed(ID, at, "must reach her aunt in hospital", "routing", "agent-7"));
    }

    @Test
    void resolvingRequiresAnAcknowledgementFirst() {
        fixture.given(OPENED).when(resolve(VOUCHER)).thenRefused(DomainException.class, "must be acknowledged");
    }

    @Test
    void resolvingAfterDiagnosisSaysSo() {
        RecoveryDiagnosed diagnosed = new RecoveryDiagnosed(ID, T0.plusSeconds(1200), "needs it for a wedding", null, null);
        fixture.given(OPENED, ACKED, diagnosed).when(resolve(VOUCHER)).then(new RecoveryResolved(ID,
                T0.plusSeconds(3600), "re-delivered by courier", VOUCHER, "drove it over personally", null, true, "agent-7"));
    }

    @Test
    void resolvingWithoutDiagnosisIsAllowedButFlagged() {
        var outcome = fixture.given(OPENED, ACKED).when(resolve(VOUCHER)).then(new RecoveryResolved(ID,
                T0.plusSeconds(3600), "re-delivered by courier", VOUCHER, "drove it over personally", null, false, "agent-7"));
        assertThat(outcome.state().status()).isEqualTo(RecoveryStatus.RESOLVED);
    }

    @Test
    void resolvingTwiceIsRefused() {
        RecoveryResolved resolved = new RecoveryResolved(ID, T0.plusSeconds(3600), "done", VOUCHER, null, null, false, null);
        fixture.given(OPENED, ACKED, resolved).when(resolve(VOUCHER))
                .thenRefused(DomainException.class, "already resolved");
    }

    @Test
    void aCompensationAboveTheLimitNeedsASupervisorWhoIsNamedAsItsApprover() {
        Compensation refund = new Compensation(CompensationKind.REFUND, new BigDecimal("80"), "EUR");
        fixture.given(OPENED, ACKED).when(resolve(refund))
                .thenRefused(DomainException.class, "a supervisor must approve it");
        fixture.given(OPENED, ACKED).when(resolveBySupervisor(refund)).then(new RecoveryResolved(ID, T0.plusSeconds(3600),
                "re-delivered by courier", refund, "drove it over personally", "supervisor-2", false, "supervisor-2"));
    }

    @Test
    void aCompensationAtTheLimitNeedsNoApprover() {
        Compensation atLimit = new Compensation(CompensationKind.REFUND, new BigDecimal("50.00"), "EUR");
        fixture.given(OPENED, ACKED).when(resolve(atLimit)).state();
    }

    @Test
    void anUnknownCurrencyIsRefusedNamingTheField() {
        fixture.given(OPENED, ACKED).when(resolve(new Compensation(CompensationKind.CREDIT, BigDecimal.ONE, "XYZ")))
                .thenRefused(DomainException.Kind.INVALID_INPUT, "compensation.currency");
    }

    @Test
    void aNegativeAmountIsRefusedNamingTheField() {
        fixture.given(OPENED, ACKED).when(resolve(new Compensation(CompensationKind.CREDIT, new BigDecimal("-1"), "EUR")))
                .thenRefused(DomainException.Kind.INVALID_INPUT, "compensation.amount");
    }

    @Test
    void anOpenRecoveryCanBeAbandonedButNothingFollows() {
        RecoveryAbandoned abandoned = new RecoveryAbandoned(ID, T0.plusSeconds(60), "customer unreachable", "agent-7");
        fixture.given(OPENED).when(new RecoveryCommand.Abandon(T0.plusSeconds(60), "agent-7", "customer unreachable")).then(abandoned);
        fixture.given(OPENED, abandoned).when(new RecoveryCommand.Acknowledge(T0.plusSeconds(90), "a", "sorry"))
                .thenRefused(DomainException.class, "abandoned");
        fixture.given(OPENED, abandoned).when(new RecoveryCommand.Diagnose(T0.plusSeconds(90), "agent-7", "x", null))
                .thenRefused(DomainException.class, "abandoned");
    }

    @Test
    void aRetractedBreachWithdrawsAnActiveRecoveryOnly() {
        RecoveryWithdrawn withdrawn = new RecoveryWithdrawn(ID, T0.plusSeconds(60), "kept in time after all");
        fixture.given(OPENED, ACKED).when(new RecoveryCommand.Withdraw(T0.plusSeconds(60), "kept in time after all"))
                .then(withdrawn);
        RecoveryResolved resolved = new RecoveryResolved(ID, T0.plusSeconds(30), "done", VOUCHER, null, null, false, null);
        fixture.given(OPENED, ACKED, resolved).when(new RecoveryCommand.Withdraw(T0.plusSeconds(60), "late"))
                .thenNothing();
        fixture.given(OPENED, withdrawn).when(resolve(VOUCHER)).thenRefused(DomainException.class, "withdrawn");
    }

    @Test
    void aMissedAcknowledgeTargetEscalatesOnce() {
        Instant late = OPENED.acknowledgeBy();
        RecoveryEscalated overdue = new RecoveryEscalated(ID, OPENED.acknowledgeBy(), EscalationReason.ACKNOWLEDGE_OVERDUE,
                "not acknowledged by " + OPENED.acknowledgeBy());
        fixture.given(OPENED).when(new RecoveryCommand.CheckClocks(late.minusSeconds(1))).thenNothing();
        fixture.given(OPENED).when(new RecoveryCommand.CheckClocks(late)).then(overdue);
        fixture.given(OPENED, overdue).when(new RecoveryCommand.CheckClocks(late.plusSeconds(600))).thenNothing();
    }

    @Test
    void anAcknowledgedRecoveryCanStillMissItsResolveTarget() {
        RecoveryEscalated overdue = new RecoveryEscalated(ID, OPENED.resolveBy(), EscalationReason.RESOLVE_OVERDUE,
                "not resolved by " + OPENED.resolveBy());
        fixture.given(OPENED, ACKED).when(new RecoveryCommand.CheckClocks(OPENED.resolveBy())).then(overdue);
    }

    @Test
    void finishedRecoveriesHaveNoClocks() {
        RecoveryResolved resolved = new RecoveryResolved(ID, T0.plusSeconds(30), "done", VOUCHER, null, null, false, null);
        fixture.given(OPENED, ACKED, resolved).when(new RecoveryCommand.CheckClocks(T0.plus(Duration.ofDays(9))))
                .thenNothing();
    }
}
