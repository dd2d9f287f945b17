package io.kept.events.promise;

import com.fasterxml.jackson.annotation.JsonValue;

/** What kind of failure broke the promise; the key of the failure patterns. */
public enum FailureCategory {

    MISTAKE("mistake"),
    REWORK("rework"),
    BREAKDOWN("breakdown"),
    INEFFICIENCY("inefficiency"),
    VARIATION("variation"),
    OTHER("other");

    private final String value;

    FailureCategory(String value) {
        this.value = value;
    }

    /** The JSON value, exactly as written in docs/design.md. */
    @JsonValue
    public String value() {
        return value;
    }
}
