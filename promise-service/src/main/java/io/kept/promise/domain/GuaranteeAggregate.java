package io.kept.promise.domain;

import io.kept.events.EventPayload;
import io.kept.events.guarantee.GuaranteeDefined;
import io.kept.events.guarantee.GuaranteeRetired;
import io.kept.events.guarantee.GuaranteeRevised;
import io.kept.eventstore.Lifecycle;
import io.kept.eventstore.domain.DomainException;
import java.util.List;

/**
 * The standing promise. Each revision gets the next version; promises keep the version (and
 * target) they were made under. A retired guarantee takes no new promises and no revisions.
 */
public final class GuaranteeAggregate extends Lifecycle<GuaranteeState, GuaranteeCommand, GuaranteeCommand.Define> {

    public static final GuaranteeAggregate INSTANCE = new GuaranteeAggregate();

    private GuaranteeAggregate() {
        super(GuaranteeState.NONE, GuaranteeCommand.Define.class, "guarantee");
    }

    @Override
    protected List<EventPayload> begin(GuaranteeState state, GuaranteeCommand.Define define) {
        if (define.target().isNegative() || define.target().isZero()) {
            throw DomainException.ruleViolated("target", "target must be a positive duration, got " + define.target());
        }
        if (!state.exists()) {
            return List.of(defined(define, 1));
        }
        if (state.retired()) {
            throw DomainException.illegalTransition("Guarantee " + define.guaranteeId()
                    + " is retired; define a new guarantee instead of revising it");
        }
        if (defined(define, state.version()).equals(state.current())) {
            return List.of();
        }
        int next = state.version() + 1;
        return List.of(new GuaranteeRevised(define.guaranteeId(), define.name(), define.customerProblem(),
                define.promise(), define.target(), define.calendar(), define.objective(), define.atRiskAt(), next,
                define.trustBudget()));
    }

    @Override
    protected List<EventPayload> change(GuaranteeState state, GuaranteeCommand command) {
        if (command instanceof GuaranteeCommand.Retire retire) {
            if (state.retired()) {
                return List.of();
            }
            return List.of(new GuaranteeRetired(state.current().guaranteeId(), retire.retiredAt(), retire.reason()));
        }
        throw new IllegalArgumentException("Unknown command " + command);
    }

    private static GuaranteeDefined defined(GuaranteeCommand.Define d, int version) {
        return new GuaranteeDefined(d.guaranteeId(), d.name(), d.customerProblem(), d.promise(), d.target(),
                d.calendar(), d.objective(), d.atRiskAt(), version, d.trustBudget());
    }

    @Override
    public GuaranteeState apply(GuaranteeState state, EventPayload event) {
        if (event instanceof GuaranteeDefined defined) {
            return new GuaranteeState(defined, false);
        }
        if (event instanceof GuaranteeRevised r) {
            return new GuaranteeState(new GuaranteeDefined(r.guaranteeId(), r.name(), r.customerProblem(), r.promise(),
                    r.target(), r.calendar(), r.objective(), r.atRiskAt(), r.version(), r.trustBudget()), false);
        }
        if (event instanceof GuaranteeRetired) {
            return new GuaranteeState(state.current(), true);
        }
        return state;
    }

    /** Refuses a new promise under a guarantee that is unknown or retired. */
    public static void requireAcceptsPromises(String guaranteeId, GuaranteeState state) {
        if (state.retired()) {
            throw DomainException.illegalTransition("Guarantee " + guaranteeId + " is retired and takes no new promises");
        }
    }
}
