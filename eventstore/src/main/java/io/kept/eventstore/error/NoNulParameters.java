package io.kept.eventstore.error;

import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.Map;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * A path or query parameter with a NUL character ({@code %00}) is a 400 naming the parameter:
 * PostgreSQL cannot compare or store one, and would answer an error instead.
 */
public class NoNulParameters {

    @ServerRequestFilter
    public void refuseNul(UriInfo uri) {
        check(uri.getPathParameters());
        check(uri.getQueryParameters());
    }

    private static void check(MultivaluedMap<String, String> parameters) {
        for (Map.Entry<String, List<String>> parameter : parameters.entrySet()) {
            for (String value : parameter.getValue()) {
                if (value != null && value.indexOf('\u0000') >= 0) {
                    throw new InvalidInputException(parameter.getKey(),
                            "contains a NUL character (%00), which cannot be stored");
                }
            }
        }
    }
}
