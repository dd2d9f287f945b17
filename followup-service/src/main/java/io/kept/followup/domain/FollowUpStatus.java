package io.kept.followup.domain;

import com.fasterxml.jackson.annotation.JsonValue;

/** Where a follow-up stands. A missed follow-up can still be completed late; completed and cancelled are final. */
public enum FollowUpStatus {
    NONE("none"),
    SCHEDULED("scheduled"),
    MISSED("missed"),
    COMPLETED("completed"),
    CANCELLED("cancelled");

    private final String value;

    FollowUpStatus(String value) {
        this.value = value;
    }

    @JsonValue
    public String value() {
        return value;
    }

    public boolean isFinal() {
        return this == COMPLETED || this == CANCELLED;
    }
}
