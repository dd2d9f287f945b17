package io.kept.eventstore.security;

import io.kept.eventstore.error.Problem;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * 401 and 403 as problem+json. Authentication is lazy ({@code quarkus.http.auth.proactive=false}): it runs
 * when an endpoint's role check asks for the identity, so its failures reach these mappers.
 */
public class SecurityProblems {

    @ServerExceptionMapper
    public Response noToken(UnauthorizedException e, UriInfo uri) {
        return unauthorized("Bearer", "This endpoint needs a bearer token (Authorization: Bearer <token>; "
                + "./kept token prints one for the local stack).", uri);
    }

    @ServerExceptionMapper
    public Response badToken(AuthenticationFailedException e, UriInfo uri) {
        return unauthorized("Bearer error=\"invalid_token\"", "The bearer token was refused: it is malformed, "
                + "expired, not signed by a trusted key, or for another issuer or audience.", uri);
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, UriInfo uri) {
        return Response.status(403).type(Problem.MEDIA_TYPE).entity(new Problem(Problem.typeFor("forbidden"),
                "Forbidden", 403, "The token has none of the roles this endpoint allows (README.md lists them).",
                uri.getPath(), List.of())).build();
    }

    private static Response unauthorized(String challenge, String detail, UriInfo uri) {
        return Response.status(401).type(Problem.MEDIA_TYPE).header(HttpHeaders.WWW_AUTHENTICATE, challenge)
                .entity(new Problem(Problem.typeFor("unauthorized"), "Unauthorized", 401, detail, uri.getPath(),
                        List.of())).build();
    }
}
