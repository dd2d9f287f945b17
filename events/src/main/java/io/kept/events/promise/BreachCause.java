package io.kept.events.promise;

import com.fasterxml.jackson.annotation.JsonValue;

/** How a breach became known. */
public enum BreachCause {

    /** Reported by a client system or an agent. */
    REPORTED("reported"),

    /** Detected by the deadline watcher: still open at due time plus grace. */
    DEADLINE_MISSED("deadline-missed");

    private final String value;

    BreachCause(String value) {
        this.value = value;
    }

    /** The JSON value, exactly as written in docs/design.md. */
    @JsonValue
    public String value() {
        return value;
    }
}
