package io.kept.events.followup;

import com.fasterxml.jackson.annotation.JsonValue;

/** What a follow-up asks the customer. */
public enum FollowUpKind {

    /** Right after resolution: is the customer satisfied now? */
    SATISFACTION_CHECK("satisfaction-check"),

    /** Days later: is everything still fine? */
    CHECK_IN("check-in");

    private final String value;

    FollowUpKind(String value) {
        this.value = value;
    }

    /** The JSON value, exactly as written in docs/design.md. */
    @JsonValue
    public String value() {
        return value;
    }
}
