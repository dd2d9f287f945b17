package io.kept.testkit;

import java.util.Map;

/** A database made for one test class family. */
public record TestDatabase(String jdbcUrl, String username, String password) {

    /** The reactive client's URL for the same database. */
    public String reactiveUrl() {
        return jdbcUrl.substring("jdbc:".length());
    }

    /** Quarkus datasource configuration pointing at this database. */
    public Map<String, String> quarkusConfig() {
        return Map.of(
                "quarkus.datasource.jdbc.url", jdbcUrl,
                "quarkus.datasource.reactive.url", reactiveUrl(),
                "quarkus.datasource.username", username,
                "quarkus.datasource.password", password,
                "quarkus.datasource.devservices.enabled", "false");
    }
}
