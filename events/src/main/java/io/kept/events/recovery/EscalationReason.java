package io.kept.events.recovery;

import com.fasterxml.jackson.annotation.JsonValue;

/** Why a recovery was escalated. */
public enum EscalationReason {

    /** The customer had failures before within the look-back: a process problem, not a voucher case. */
    REPEAT_FAILURE("repeat-failure"),

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
