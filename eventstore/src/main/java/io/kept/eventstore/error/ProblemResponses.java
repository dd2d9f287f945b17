package io.kept.eventstore.error;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

/**
 * Says in every service's OpenAPI document what {@link ProblemMapper} answers: every error response (4xx, 5xx) is a
 * problem+json {@link Problem}, so a resource declares an error by its status and meaning alone; and any endpoint may
 * answer 503 with {@code Retry-After} while the database is away. Registered as {@code mp.openapi.filter} in the
 * library's defaults.
 */
public class ProblemResponses implements OASFilter {

    @Override
    public Operation filterOperation(Operation operation) {
        APIResponses responses = operation.getResponses();
        if (responses == null) {
            return operation;
        }
        if (!responses.hasAPIResponse("503")) {
            responses.addAPIResponse("503", OASFactory.createAPIResponse()
                    .description("The database is away just now (refusing connections, failing over); nothing was "
                            + "recorded. Retrying after Retry-After seconds is safe.")
                    .addHeader("Retry-After", OASFactory.createHeader().description("Seconds to wait before retrying")
                            .schema(OASFactory.createSchema().addType(Schema.SchemaType.INTEGER))));
        }
        responses.getAPIResponses().forEach((status, response) -> {
            if (isError(status) && response.getContent() == null) {
                response.content(problem());
            }
        });
        return operation;
    }

    private static boolean isError(String status) {
        return status.length() == 3 && (status.charAt(0) == '4' || status.charAt(0) == '5');
    }

    private static Content problem() {
        return OASFactory.createContent().addMediaType(Problem.MEDIA_TYPE,
                OASFactory.createMediaType().schema(OASFactory.createSchema().ref("Problem")));
    }
}
