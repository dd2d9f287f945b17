package io.kept.testkit;

import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import java.util.List;

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

    /** A request without any token. */
    public static RequestSpecification anonymous() {
        return RestAssured.given();
    }
}
