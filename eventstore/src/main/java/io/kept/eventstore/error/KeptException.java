package io.kept.eventstore.error;

import java.util.List;

/** An error a client can act on; it becomes a problem+json response with its status. */
public abstract class KeptException extends RuntimeException {

    private final int status;
    private final String slug;
    private final String title;
    private final List<Problem.FieldProblem> fields;

    protected KeptException(int status, String slug, String title, String detail, List<Problem.FieldProblem> fields) {
        super(detail);
        this.status = status;
        this.slug = slug;
        this.title = title;
        this.fields = fields == null ? List.of() : List.copyOf(fields);
    }

    public int status() {
        return status;
    }

    public String slug() {
        return slug;
    }

    public String title() {
        return title;
    }

    public List<Problem.FieldProblem> fields() {
        return fields;
    }

    public Problem toProblem(String instance) {
        return new Problem(Problem.typeFor(slug), title, status, getMessage(), instance, fields);
    }
}
