package io.kept.eventstore.error;

import io.kept.events.EventJson;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * A request whose declared body is over {@code quarkus.http.limits.max-body-size} is answered with a
 * 413 problem+json before any of it is read. Quarkus itself would answer a bare 413; it still does
 * for a chunked body without a length that grows past the limit.
 */
@ApplicationScoped
public class BodyLimit {

    private final long limit;

    public BodyLimit(@ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize limit) {
        this.limit = limit.asLongValue();
    }

    void route(@Observes Router router) {
        router.route().order(-10).handler(ctx -> {
            String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
            long declared;
            try {
                declared = length == null ? -1 : Long.parseLong(length.trim());
            } catch (NumberFormatException e) {
                declared = -1;
            }
            if (declared <= limit) {
                ctx.next();
                return;
            }
            Problem problem = new Problem(Problem.typeFor("body-too-large"), "Request body too large", 413,
                    "The body is " + declared + " bytes; the most this service reads is " + limit
                            + " bytes (quarkus.http.limits.max-body-size)",
                    ctx.request().path(), List.of(new Problem.FieldProblem("body", "at most " + limit + " bytes")));
            String json;
            try {
                json = EventJson.mapper().writeValueAsString(problem);
            } catch (Exception e) {
                json = "{\"status\":413,\"title\":\"Request body too large\"}";
            }
            ctx.response().setStatusCode(413).putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                    .putHeader(HttpHeaders.CONNECTION, "close").end(json);
        });
    }
}
