package io.kept.eventstore.error;

import java.util.List;

/**
 * A command the domain refuses: an illegal transition (409) or a broken business rule (422).
 * The message says why, in words an operator understands.
 */
public class DomainException extends KeptException {

    private DomainException(int status, String slug, String title, String detail, List<Problem.FieldProblem> fields) {
        super(status, slug, title, detail, fields);
    }

    /** The command does not fit the current state (kept after broken, anything after cancelled). */
    public static DomainException illegalTransition(String detail) {
        return new DomainException(409, "illegal-transition", "Not allowed in the current state", detail, null);
    }

    /** The command breaks a business rule; {@code field} names the input that breaks it. */
    public static DomainException ruleViolated(String field, String detail) {
        return new DomainException(422, "rule-violated", "Business rule violated", detail,
                field == null ? null : List.of(new Problem.FieldProblem(field, detail)));
    }
}
