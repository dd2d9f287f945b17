package io.kept.eventstore.domain;

import io.kept.events.FieldError;
import java.util.List;

/**
 * A command the domain refuses, in the domain's own words: which kind of refusal, why, and which inputs.
 * Domain code (aggregates, their commands and states) raises it and knows nothing of HTTP; the REST layer
 * ({@code io.kept.eventstore.error.ProblemMapper}) answers it as problem+json: an illegal transition is a 409,
 * a broken rule a 422, invalid input a 400, an id taken a 409.
 */
public final class DomainException extends RuntimeException {

    /** Why a command was refused. */
    public enum Kind {
        /** The command does not fit the current state (kept after broken, anything after cancelled). */
        ILLEGAL_TRANSITION,
        /** The command breaks a business rule. */
        RULE_VIOLATED,
        /** An input of the command is not valid on its own, whatever the state. */
        INVALID_INPUT,
        /** The command's id already names something else (a promise made before with other details). */
        ID_TAKEN
    }

    private final Kind kind;
    private final List<FieldError> fields;

    private DomainException(Kind kind, String detail, List<FieldError> fields) {
        super(detail);
        this.kind = kind;
        this.fields = List.copyOf(fields);
    }

    /** The command does not fit the current state; {@code detail} says why, in words an operator understands. */
    public static DomainException illegalTransition(String detail) {
        return new DomainException(Kind.ILLEGAL_TRANSITION, detail, List.of());
    }

    /** The command breaks a business rule; {@code field} (may be null) names the input that breaks it. */
    public static DomainException ruleViolated(String field, String detail) {
        return new DomainException(Kind.RULE_VIOLATED, detail,
                field == null ? List.of() : List.of(new FieldError(field, detail)));
    }

    /** One input is not valid. */
    public static DomainException invalidInput(String field, String message) {
        return invalidInput(List.of(new FieldError(field, message)));
    }

    /** These inputs are not valid; the message lists them as {@code field: message; ...}. */
    public static DomainException invalidInput(List<FieldError> fields) {
        if (fields.isEmpty()) {
            throw new IllegalArgumentException("Invalid input names at least one field");
        }
        return new DomainException(Kind.INVALID_INPUT,
                String.join("; ", fields.stream().map(FieldError::toString).toList()), fields);
    }

    /** The id the command names was used before for something else; a new one must be chosen. */
    public static DomainException idTaken(String detail) {
        return new DomainException(Kind.ID_TAKEN, detail, List.of());
    }

    public Kind kind() {
        return kind;
    }

    /** The inputs the refusal is about, if any. */
    public List<FieldError> fields() {
        return fields;
    }
}
