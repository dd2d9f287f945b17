package io.kept.eventstore.error;

import java.util.List;

/** Input that fails validation; each offending field is named. */
public class InvalidInputException extends KeptException {

    public InvalidInputException(List<Problem.FieldProblem> fields) {
        super(400, "invalid-input", "Invalid input", describe(fields), fields);
    }

    public InvalidInputException(String field, String message) {
        this(List.of(new Problem.FieldProblem(field, message)));
    }

    private static String describe(List<Problem.FieldProblem> fields) {
        return String.join("; ", fields.stream().map(f -> f.field() + ": " + f.message()).toList());
    }
}
