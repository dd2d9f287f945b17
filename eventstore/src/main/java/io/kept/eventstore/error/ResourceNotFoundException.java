package io.kept.eventstore.error;

import java.util.List;

/** The named resource does not exist; {@code field} names the input that named it, if any. */
public class ResourceNotFoundException extends KeptException {

    public ResourceNotFoundException(String what, String id) {
        super(404, "not-found", "Not found", what + " " + id + " does not exist", null);
    }

    public ResourceNotFoundException(String what, String id, String field) {
        super(404, "not-found", "Not found", what + " " + id + " does not exist",
                List.of(new Problem.FieldProblem(field, what + " " + id + " does not exist")));
    }
}
