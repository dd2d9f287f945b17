package io.kept.eventstore.error;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * An RFC 9457 problem detail, served as {@code application/problem+json}.
 *
 * @param type a URN naming the kind of problem, stable for clients to switch on
 * @param errors one entry per offending field, when the problem is about input
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@Schema(name = "Problem", description = "An RFC 9457 problem detail (application/problem+json).")
public record Problem(String type, String title, int status, String detail, String instance, List<FieldProblem> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";

    /** A field of the input and what is wrong with it; the field is a dotted path ("compensation.amount"). */
    public record FieldProblem(String field, String message) {
    }

    public static String typeFor(String slug) {
        return "urn:kept:problem:" + slug;
    }
}
