package io.kept.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * The test every service's {@code *EndpointSecurityIT} inherits: the running service against its rows of the
 * access matrix ({@link EndpointSecurity#MATRIX}). The subclass only starts the service (its {@code @QuarkusTest}
 * and test resources); the service is found by {@code quarkus.application.name}, so a row cannot be checked
 * against the wrong service.
 */
public abstract class EndpointSecurityContract {

    @Test
    void everyEndpointRefusesCallersWithoutTheRoleAndAdmitsThoseWithIt() {
        String service = ConfigProvider.getConfig().getValue("quarkus.application.name", String.class);
        assertThat(EndpointSecurity.check(EndpointSecurity.rulesOf(service))).isEmpty();
    }

    /**
     * What a client generates its error handling from: every error response (4xx, 5xx) of every operation in the
     * service's OpenAPI document is problem+json with the {@code Problem} schema, which the document defines, and every
     * operation declares the 503 of a database that is away.
     */
    @Test
    void everyErrorTheOpenApiDocumentDeclaresIsAProblem() {
        JsonPath document = RestAssured.given().accept(ContentType.JSON).get("/q/openapi?format=json").then()
                .statusCode(200).extract().jsonPath();
        assertThat(document.getMap("components.schemas.Problem.properties")).containsKeys("type", "title", "status", "detail");
        List<String> wrong = new ArrayList<>();
        Map<String, Map<String, Map<String, Object>>> paths = document.getMap("paths");
        paths.forEach((path, methods) -> methods.forEach((method, operation) -> {
            if (!(operation.get("responses") instanceof Map<?, ?> responses)) {
                return;
            }
            if (!responses.containsKey("503")) {
                wrong.add(method + " " + path + ": no 503");
            }
            responses.forEach((status, response) -> {
                if (status.toString().matches("[45]\\d\\d")) {
                    Object ref = at(response, "content", "application/problem+json", "schema", "$ref");
                    if (!"#/components/schemas/Problem".equals(ref)) {
                        wrong.add(method + " " + path + " " + status + ": " + ref);
                    }
                }
            });
        }));
        assertThat(wrong).as("error responses that are not a Problem").isEmpty();
    }

    private static Object at(Object node, String... keys) {
        for (String key : keys) {
            node = node instanceof Map<?, ?> map ? map.get(key) : null;
        }
        return node;
    }
}
