package io.kept.events.recovery;

import com.fasterxml.jackson.annotation.JsonValue;

/** What the customer was given to make up for a failure. */
public enum CompensationKind {

    REFUND("refund"),
    CREDIT("credit"),
    DISCOUNT("discount"),
    UPGRADE("upgrade"),
    REPLACEMENT("replacement"),
    WAIVER("waiver"),
    GESTURE("gesture"),
    NONE("none");

    private final String value;

    CompensationKind(String value) {
        this.value = value;
    }

    /** The JSON value, exactly as written in docs/design.md. */
    @JsonValue
    public String value() {
        return value;
    }
}
