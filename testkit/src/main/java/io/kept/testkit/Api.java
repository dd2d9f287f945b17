package io.kept.testkit;

import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import java.util.List;
import org.eclipse.microprofile.config.ConfigProvider;

/** REST Assured with a real signed token ({@link Tokens}): what the services' tests call instead of {@code RestAssured.given()}. */
public final class Api {

    private Api() {
    }

    /** A request with a token holding every role. */
    public static RequestSpecification given() {
        return RestAssured.given().auth().oauth2(Tokens.test());
    }

    /** A request as {@code subject}, holding only {@code roles}. */
    public static RequestSpecification as(String subject, String... roles) {
        return RestAssured.given().auth().oauth2(Tokens.test(subject, List.of(roles)));
    }

    /**
     * The port of the service's management interface, where its metrics are: {@code quarkus.management.test-port}
     * (9001 unless set) in a Quarkus test.
     */
    public static int managementPort() {
        return ConfigProvider.getConfig().getOptionalValue("quarkus.management.test-port", Integer.class).orElse(9001);
    }

    /** A request to the management interface (no token: it is a port of its own, not the API's). */
    public static RequestSpecification management() {
        return RestAssured.given().port(managementPort());
    }
}
