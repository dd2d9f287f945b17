package io.kept.promise.domain;

import com.fasterxml.jackson.annotation.JsonValue;

/** Where a promise stands. Kept late counts as broken for compliance, but its status is kept. */
public enum PromiseStatus {
    NONE("none"),
    OPEN("open"),
    PAUSED("paused"),
    KEPT("kept"),
    BROKEN("broken"),
    CANCELLED("cancelled");

    private final String value;

    PromiseStatus(String value) {
        this.value = value;
    }

    @JsonValue
    public String value() {
        return value;
    }

    public boolean isTerminal() {
        return this == KEPT || this == BROKEN || this == CANCELLED;
    }

    public static PromiseStatus parse(String value) {
        for (PromiseStatus status : values()) {
            if (status.value.equals(value)) {
                return status;
            }
        }
        throw new IllegalArgumentException("Unknown promise status: " + value);
    }
}
