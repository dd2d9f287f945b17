package io.kept.events.recovery;

import com.fasterxml.jackson.annotation.JsonValue;

/** Why a recovery was escalated. */
public enum EscalationReason {

    /**
     * The customer had failures before within the look-back: a process problem, not a voucher case. Written until
     * December 2026; recovery-service now writes {@link #TRUST_BUDGET_SPENT} for the same case, and reads both.
     */
    REPEAT_FAILURE("repeat-failure"),

    /**
     * The customer had already been failed as often as the trust budget allows in its window (by default once in 90
     * days, {@link io.kept.events.TrustBudget}): a process problem, not a voucher case.
     */
    TRUST_BUDGET_SPENT("trust-budget-spent"),

    /** The failure is critical. */
    CRITICAL_SEVERITY("critical-severity"),

    /** Not acknowledged within the target for its severity. */
    ACKNOWLEDGE_OVERDUE("acknowledge-overdue"),

    /** Not resolved within the target for its severity. */
    RESOLVE_OVERDUE("resolve-overdue");

    private final String value;

    EscalationReason(String value) {
        this.value = value;
    }

    /** The JSON value, exactly as written in docs/design.md. */
    @JsonValue
    public String value() {
        return value;
    }
}
