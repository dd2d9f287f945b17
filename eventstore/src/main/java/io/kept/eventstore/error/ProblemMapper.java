package io.kept.eventstore.error;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.kept.events.InvalidEventException;
import io.kept.eventstore.Transient;
import io.kept.eventstore.domain.DomainException;
import io.quarkus.hibernate.validator.runtime.jaxrs.ResteasyReactiveViolationException;
import io.quarkus.logging.Log;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Turns every error a client can cause into an RFC 9457 problem+json response that names the
 * offending field, a failure that heals by itself (the database away) into a 503 with Retry-After, and
 * everything else into a 500 that reveals nothing internal.
 */
public class ProblemMapper {

    @ServerExceptionMapper
    public Response kept(KeptException e, UriInfo uri) {
        return respond(e.toProblem(path(uri)));
    }

    @ServerExceptionMapper
    public Response domain(DomainException e, UriInfo uri) {
        return respond(problemOf(e, path(uri)));
    }

    @ServerExceptionMapper
    public Response invalidEvent(InvalidEventException e, UriInfo uri) {
        List<Problem.FieldProblem> fields = e.errors().stream()
                .map(f -> new Problem.FieldProblem(f.field(), f.message()))
                .toList();
        return respond(new InvalidInputException(fields).toProblem(path(uri)));
    }

    @ServerExceptionMapper
    public Response violation(ResteasyReactiveViolationException e, UriInfo uri) {
        if (e.getConstraintViolations().stream().anyMatch(v -> isReturnValue(v.getPropertyPath()))) {
            Log.errorf(e, "A response failed its own validation on %s", path(uri));
            return respond(serverError(path(uri)));
        }
        return constraintViolation(e, uri);
    }

    @ServerExceptionMapper
    public Response constraintViolation(ConstraintViolationException e, UriInfo uri) {
        List<Problem.FieldProblem> fields = e.getConstraintViolations().stream()
                .map(v -> new Problem.FieldProblem(fieldOf(v), v.getMessage()))
                .sorted(Comparator.comparing(Problem.FieldProblem::field))
                .collect(Collectors.toList());
        return respond(new InvalidInputException(fields).toProblem(path(uri)));
    }

    @ServerExceptionMapper
    public Response unreadableJson(JsonParseException e, UriInfo uri) {
        return respond(new Problem(Problem.typeFor("malformed-json"), "Malformed JSON", 400,
                "The request body is not valid JSON: " + e.getOriginalMessage(), path(uri), List.of()));
    }

    /** Quarkus maps this subtype itself (as plain JSON); ours must be at least as specific to win. */
    @ServerExceptionMapper
    public Response mismatchedJson(MismatchedInputException e, UriInfo uri) {
        return unmappableJson(e, uri);
    }

    @ServerExceptionMapper
    public Response unmappableJson(JsonMappingException e, UriInfo uri) {
        String field = jsonPath(e.getPath());
        String message;
        if (e instanceof UnrecognizedPropertyException unknown) {
            field = field.isEmpty() ? unknown.getPropertyName() : field;
            message = "is not a known field";
        } else if (e instanceof RequestJson.RefusedValueException) {
            message = e.getOriginalMessage();
        } else if (e instanceof InvalidFormatException invalid) {
            message = "'" + invalid.getValue() + "' is not a valid " + invalid.getTargetType().getSimpleName();
        } else {
            message = e.getOriginalMessage();
        }
        if (field.isEmpty()) {
            field = "body";
        }
        return respond(new InvalidInputException(field, message).toProblem(path(uri)));
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e, UriInfo uri) {
        // The JSON reader reports an unreadable body as a bare 400 with the parser's error inside.
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof JsonParseException parse) {
                return unreadableJson(parse, uri);
            }
            if (cause instanceof JsonMappingException mapping) {
                return unmappableJson(mapping, uri);
            }
        }
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            Log.errorf(e, "Server error on %s", path(uri));
            return respond(serverError(path(uri)));
        }
        Response.Status known = Response.Status.fromStatusCode(status);
        String title = known == null ? "Request failed" : known.getReasonPhrase();
        return respond(new Problem(Problem.typeFor("http-" + status), title, status, e.getMessage(), path(uri), List.of()));
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e, UriInfo uri) {
        // Throwable, not Exception: Vert.x fails a statement that waited too long for a connection with a
        // NoStackTraceThrowable ("Timeout"), which is a 503 like every other transient failure, not a bare 500.
        Problem problem = problemOf(e, path(uri));
        if (problem.status() != 503) {
            return respond(problem);
        }
        Log.warnf("%s on %s: %s", problem.title(), path(uri), Transient.reason(e).orElse(""));
        return Response.fromResponse(respond(problem)).header("Retry-After", RETRY_AFTER_SECONDS).build();
    }

    /**
     * What a client is told of any failure of its request (or of one event of a batch): its own problem for an
     * error it can act on, a 503 for one that heals by itself, and otherwise a 500 that reveals nothing internal
     * (the failure is logged).
     */
    public static Problem problemOf(Throwable failure, String instance) {
        if (failure instanceof KeptException kept) {
            return kept.toProblem(instance);
        }
        if (failure instanceof DomainException refused) {
            return problemOf(refused, instance);
        }
        Problem unavailable = unavailable(failure, instance);
        if (unavailable != null) {
            return unavailable;
        }
        Log.errorf(failure, "Unexpected error on %s", instance);
        return serverError(instance);
    }

    /**
     * The domain's refusal as the client sees it: 409 for an illegal transition, 422 for a rule, 400 for input, 409
     * for an id used before for something else.
     */
    public static Problem problemOf(DomainException refused, String instance) {
        List<Problem.FieldProblem> fields = refused.fields().stream()
                .map(f -> new Problem.FieldProblem(f.field(), f.message())).toList();
        return switch (refused.kind()) {
            case ILLEGAL_TRANSITION -> new Problem(Problem.typeFor("illegal-transition"), "Not allowed in the current state",
                    409, refused.getMessage(), instance, fields);
            case RULE_VIOLATED -> new Problem(Problem.typeFor("rule-violated"), "Business rule violated", 422,
                    refused.getMessage(), instance, fields);
            case INVALID_INPUT -> new InvalidInputException(fields).toProblem(instance);
            case ID_TAKEN -> new IdempotencyConflictException(refused.getMessage()).toProblem(instance);
        };
    }

    /** Seconds a client is told to wait before retrying while the database is away. */
    static final int RETRY_AFTER_SECONDS = 1;

    /**
     * A 503 for a failure that heals by itself (the database refusing connections, failing over, out of
     * connections), or null for any other: nothing was recorded, and the same request may be sent again.
     */
    public static Problem unavailable(Throwable failure, String instance) {
        if (failure instanceof KeptException || failure instanceof DomainException || !Transient.is(failure)) {
            return null;
        }
        return new Problem(Problem.typeFor("unavailable"), "Service unavailable", 503,
                "Kept cannot reach its database just now; nothing was recorded unless a later read shows it. "
                        + "Retrying is safe.", instance, List.of());
    }

    private static Problem serverError(String instance) {
        return new Problem(Problem.typeFor("internal-error"), "Internal error", 500,
                "The request could not be completed; nothing was recorded unless a later read shows it. Retrying is safe.",
                instance, List.of());
    }

    static Response respond(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
    }

    private static String path(UriInfo uri) {
        return uri == null ? null : uri.getPath();
    }

    private static boolean isReturnValue(Path path) {
        for (Path.Node node : path) {
            if (node.getKind() == ElementKind.RETURN_VALUE) {
                return true;
            }
        }
        return false;
    }

    /** "make.arg0.compensation.amount" becomes "compensation.amount": the client knows no method names. */
    static String fieldOf(ConstraintViolation<?> violation) {
        List<String> names = new ArrayList<>();
        for (Path.Node node : violation.getPropertyPath()) {
            switch (node.getKind()) {
                case METHOD, CONSTRUCTOR, RETURN_VALUE, CROSS_PARAMETER -> {
                }
                case PARAMETER -> names.clear();
                default -> {
                    String name = node.getName();
                    if (node.getIndex() != null && !names.isEmpty()) {
                        int last = names.size() - 1;
                        names.set(last, names.get(last) + "[" + node.getIndex() + "]");
                    }
                    if (name != null) {
                        names.add(name);
                    }
                }
            }
        }
        if (names.isEmpty()) {
            // A violated path or query parameter: its own name is the field.
            for (Path.Node node : violation.getPropertyPath()) {
                if (node.getKind() == ElementKind.PARAMETER) {
                    return node.getName();
                }
            }
            return "body";
        }
        return String.join(".", names);
    }

    static String jsonPath(List<JsonMappingException.Reference> path) {
        StringBuilder field = new StringBuilder();
        for (JsonMappingException.Reference ref : path) {
            if (ref.getFieldName() != null) {
                if (field.length() > 0) {
                    field.append('.');
                }
                field.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                field.append('[').append(ref.getIndex()).append(']');
            }
        }
        return field.toString();
    }
}
