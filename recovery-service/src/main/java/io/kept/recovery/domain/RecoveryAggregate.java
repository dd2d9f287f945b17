package io.kept.recovery.domain;

import io.kept.events.EventPayload;
import io.kept.events.promise.Severity;
import io.kept.events.recovery.EscalationReason;
import io.kept.events.recovery.RecoveryAbandoned;
import io.kept.events.recovery.RecoveryAcknowledged;
import io.kept.events.recovery.RecoveryDiagnosed;
import io.kept.events.recovery.RecoveryEscalated;
import io.kept.events.recovery.RecoveryOpened;
import io.kept.events.recovery.RecoveryResolved;
import io.kept.events.recovery.RecoveryWithdrawn;
import io.kept.eventstore.Lifecycle;
import io.kept.eventstore.domain.DomainException;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;

/**
 * Service recovery after a broken promise: acknowledge and apologise, understand the customer's
 * real problem, resolve it (with compensation, going the extra mile), or abandon it. Recovery
 * wins loyalty only on a customer's first failure that is neither critical nor avoidable (the
 * service recovery paradox); a repeat or critical failure is escalated at once instead.
 */
public final class RecoveryAggregate extends Lifecycle<RecoveryState, RecoveryCommand, RecoveryCommand.Open> {

    public static final RecoveryAggregate INSTANCE = new RecoveryAggregate();

    private RecoveryAggregate() {
        super(RecoveryState.NONE, RecoveryCommand.Open.class, "recovery");
    }

    @Override
    protected List<EventPayload> begin(RecoveryState state, RecoveryCommand.Open open) {
        return state.exists() ? List.of() : open(open);
    }

    @Override
    protected List<EventPayload> change(RecoveryState state, RecoveryCommand command) {
        String id = state.opened().recoveryId();
        if (command instanceof RecoveryCommand.Acknowledge ack) {
            requireActive(state, "acknowledged");
            notBeforeOpened(state, ack.at());
            if (state.status() == RecoveryStatus.ACKNOWLEDGED) {
                throw DomainException.illegalTransition("Recovery " + id + " was already acknowledged at " + state.acknowledgedAt());
            }
            return List.of(new RecoveryAcknowledged(id, ack.at(), ack.by(), ack.apology()));
        }
        if (command instanceof RecoveryCommand.Diagnose diagnose) {
            requireActive(state, "diagnosed");
            notBeforeOpened(state, diagnose.at());
            return List.of(new RecoveryDiagnosed(id, diagnose.at(), diagnose.customerProblem(), diagnose.rootCause(),
                    diagnose.by()));
        }
        if (command instanceof RecoveryCommand.Resolve resolve) {
            notBeforeOpened(state, resolve.at());
            return resolve(state, id, resolve);
        }
        if (command instanceof RecoveryCommand.Abandon abandon) {
            requireActive(state, "abandoned");
            notBeforeOpened(state, abandon.at());
            return List.of(new RecoveryAbandoned(id, abandon.at(), abandon.reason(), abandon.by()));
        }
        if (command instanceof RecoveryCommand.Withdraw withdraw) {
            // A recovery that already ended stays as it ended; the retraction is on the promise's record.
            return state.status().isFinal() ? List.of() : List.of(new RecoveryWithdrawn(id, withdraw.at(), withdraw.reason()));
        }
        if (command instanceof RecoveryCommand.CheckClocks check) {
            return checkClocks(state, id, check);
        }
        throw new IllegalArgumentException("Unknown command " + command);
    }

    private static List<EventPayload> open(RecoveryCommand.Open open) {
        boolean critical = open.severity() == Severity.CRITICAL;
        // The paradox can only hold for a customer's first failure; the escalation follows the trust budget (by
        // default the same: once in 90 days).
        boolean first = open.priorFailures() == 0;
        boolean spent = open.trust().spentBy(open.priorFailures());
        boolean paradoxEligible = first && !critical && !Boolean.TRUE.equals(open.avoidable());
        List<EventPayload> events = new ArrayList<>();
        events.add(new RecoveryOpened(open.recoveryId(), open.promiseId(), open.customerId(), open.guaranteeId(),
                open.severity(), open.priorFailures(), paradoxEligible, open.openedAt(),
                open.openedAt().plus(open.targets().acknowledgeWithin(open.severity())),
                open.openedAt().plus(open.targets().resolveWithin(open.severity()))));
        if (spent) {
            events.add(new RecoveryEscalated(open.recoveryId(), open.openedAt(), EscalationReason.TRUST_BUDGET_SPENT,
                    "customer " + open.customerId() + " had been failed " + open.priorFailures() + " time(s) in the last "
                            + days(open.trust().window()) + ", and the trust budget allows " + open.trust().failures()
                            + ": the same problem again needs a process fix, not a voucher"));
        }
        if (critical) {
            events.add(new RecoveryEscalated(open.recoveryId(), open.openedAt(), EscalationReason.CRITICAL_SEVERITY,
                    "critical failure"));
        }
        return events;
    }

    private static String days(java.time.Duration window) {
        return window.toHours() % 24 == 0 && window.toDays() > 0 ? window.toDays() + " days" : window.toString();
    }

    /** A step cannot be dated before the recovery opened. */
    private static void notBeforeOpened(RecoveryState state, java.time.Instant at) {
        if (at.isBefore(state.opened().openedAt())) {
            throw DomainException.ruleViolated("at", "at (" + at + ") is before the recovery opened ("
                    + state.opened().openedAt() + ")");
        }
    }

    private static List<EventPayload> resolve(RecoveryState state, String id, RecoveryCommand.Resolve resolve) {
        switch (state.status()) {
            case OPEN -> throw DomainException.illegalTransition("Recovery " + id
                    + " must be acknowledged (and apologised for) before it is resolved");
            case RESOLVED -> throw DomainException.illegalTransition("Recovery " + id + " was already resolved at "
                    + state.resolvedAt());
            case ABANDONED, WITHDRAWN -> throw DomainException.illegalTransition("Recovery " + id + " is "
                    + state.status().value() + "; it cannot be resolved");
            default -> {
            }
        }
        var compensation = resolve.compensation();
        try {
            Currency.getInstance(compensation.currency());
        } catch (IllegalArgumentException | NullPointerException e) {
            throw DomainException.invalidInput("compensation.currency", "'" + compensation.currency()
                    + "' is not an ISO-4217 currency code");
        }
        if (compensation.amount().signum() < 0) {
            throw DomainException.invalidInput("compensation.amount", "must not be negative");
        }
        boolean aboveLimit = compensation.amount().compareTo(resolve.approvalLimit()) > 0;
        if (aboveLimit && !resolve.bySupervisor()) {
            throw DomainException.ruleViolated("compensation.amount", "A compensation of "
                    + compensation.amount().toPlainString() + " " + compensation.currency() + " is above the "
                    + resolve.approvalLimit().toPlainString() + " " + compensation.currency() + " an agent may grant; "
                    + "a supervisor must approve it by resolving with a kept-supervisor token");
        }
        return List.of(new RecoveryResolved(id, resolve.at(), resolve.resolution(), compensation, resolve.extraMile(),
                aboveLimit ? resolve.by() : null, state.diagnosed(), resolve.by()));
    }

    private static List<EventPayload> checkClocks(RecoveryState state, String id, RecoveryCommand.CheckClocks check) {
        if (state.status() != RecoveryStatus.OPEN && state.status() != RecoveryStatus.ACKNOWLEDGED) {
            return List.of();
        }
        List<EventPayload> events = new ArrayList<>();
        var opened = state.opened();
        if (state.status() == RecoveryStatus.OPEN && !check.now().isBefore(opened.acknowledgeBy())
                && !state.escalations().contains(EscalationReason.ACKNOWLEDGE_OVERDUE)) {
            events.add(new RecoveryEscalated(id, opened.acknowledgeBy(), EscalationReason.ACKNOWLEDGE_OVERDUE,
                    "not acknowledged by " + opened.acknowledgeBy()));
        }
        if (!check.now().isBefore(opened.resolveBy()) && !state.escalations().contains(EscalationReason.RESOLVE_OVERDUE)) {
            events.add(new RecoveryEscalated(id, opened.resolveBy(), EscalationReason.RESOLVE_OVERDUE,
                    "not resolved by " + opened.resolveBy()));
        }
        return events;
    }

    private static void requireActive(RecoveryState state, String what) {
        if (state.status().isFinal()) {
            throw DomainException.illegalTransition("Recovery " + state.opened().recoveryId() + " is "
                    + state.status().value() + "; it cannot be " + what);
        }
    }

    @Override
    public RecoveryState apply(RecoveryState state, EventPayload event) {
        if (event instanceof RecoveryOpened opened) {
            return new RecoveryState(RecoveryStatus.OPEN, opened, null, null, null, java.util.Set.of());
        }
        if (event instanceof RecoveryAcknowledged ack) {
            return new RecoveryState(RecoveryStatus.ACKNOWLEDGED, state.opened(), ack.acknowledgedAt(),
                    state.diagnosedAt(), null, state.escalations());
        }
        if (event instanceof RecoveryDiagnosed diagnosed) {
            return new RecoveryState(state.status(), state.opened(), state.acknowledgedAt(), diagnosed.diagnosedAt(),
                    null, state.escalations());
        }
        if (event instanceof RecoveryResolved resolved) {
            return new RecoveryState(RecoveryStatus.RESOLVED, state.opened(), state.acknowledgedAt(),
                    state.diagnosedAt(), resolved.resolvedAt(), state.escalations());
        }
        if (event instanceof RecoveryEscalated escalated) {
            return state.escalatedFor(escalated.reason());
        }
        if (event instanceof RecoveryAbandoned) {
            return state.with(RecoveryStatus.ABANDONED);
        }
        if (event instanceof RecoveryWithdrawn) {
            return state.with(RecoveryStatus.WITHDRAWN);
        }
        return state;
    }
}
