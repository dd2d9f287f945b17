package io.kept.recovery.domain;

import com.fasterxml.jackson.annotation.JsonValue;

/** Where a recovery stands. Resolved, abandoned and withdrawn are final. */
public enum RecoveryStatus {
    NONE("none"),
    OPEN("open"),
    ACKNOWLEDGED("acknowledged"),
    RESOLVED("resolved"),
    ABANDONED("abandoned"),
    WITHDRAWN("withdrawn");

    private final String value;

    RecoveryStatus(String value) {
        this.value = value;
    }

    @JsonValue
    public String value() {
        return value;
    }

    public boolean isFinal() {
        return this == RESOLVED || this == ABANDONED || this == WITHDRAWN;
    }

    public static RecoveryStatus parse(String value) {
        for (RecoveryStatus status : values()) {
            if (status.value.equals(value)) {
                return status;
            }
        }
        throw new IllegalArgumentException("Unknown recovery status: " + value);
    }
}
