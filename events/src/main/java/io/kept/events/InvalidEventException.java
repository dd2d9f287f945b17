package io.kept.events;

import java.util.List;

/** A payload that does not match its event type's schema, with every offending field. */
public class InvalidEventException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final EventType type;
    private final List<FieldError> errors;

    public InvalidEventException(EventType type, List<FieldError> errors) {
        super("invalid " + type.type() + " payload: "
                + String.join("; ", errors.stream().map(FieldError::toString).toList()));
        this.type = type;
        this.errors = List.copyOf(errors);
    }

    public EventType eventType() {
        return type;
    }

    public List<FieldError> errors() {
        return errors;
    }
}
