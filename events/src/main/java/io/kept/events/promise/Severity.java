package io.kept.events.promise;

import com.fasterxml.jackson.annotation.JsonValue;

/** How badly a failure hurt the customer; drives recovery targets and escalation. */
public enum Severity {

    MINOR("minor"),
    MAJOR("major"),
    CRITICAL("critical");

    private final String value;

    Severity(String value) {
        this.value = value;
    }

    /** The JSON value, exactly as written in docs/design.md. */
    @JsonValue
    public String value() {
        return value;
    }
}
