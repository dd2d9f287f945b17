package io.kept.promise;

import static io.kept.testkit.Api.given;

import io.kept.events.Topics;
import io.kept.testkit.Tokens;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/** Shared by the promise-service integration tests (one Quarkus start for all of them). */
public final class PromiseTestSupport {

    public static final String TOPICS = Topics.PROMISE_EVENTS + "," + Topics.PROMISE_EVENTS + ".dlq";

    private PromiseTestSupport() {
    }

    /** Defines a Berlin office-hours calendar and a guarantee on it; answers the guarantee id. */
    public static String officeHoursGuarantee(String target) {
        String calendar = "office-" + UUID.randomUUID();
        given().contentType(ContentType.JSON).body("""
                {"zone":"Europe/Berlin",
                 "hours":{"monday":[{"from":"09:00","to":"17:00"}],"tuesday":[{"from":"09:00","to":"17:00"}],
                          "wednesday":[{"from":"09:00","to":"17:00"}],"thursday":[{"from":"09:00","to":"17:00"}],
                          "friday":[{"from":"09:00","to":"17:00"}]},
                 "holidays":[]}
                """).put("/calendars/" + calendar).then().statusCode(200);
        return guarantee(target, calendar);
    }

    public static String guarantee(String target, String calendar) {
        String id = "g-" + UUID.randomUUID();
        given().contentType(ContentType.JSON).body("""
                {"name":"Two-day delivery","customerProblem":"I need it before the weekend",
                 "promise":"Delivered within 2 business days","target":"%s","calendar":"%s","objective":0.95}
                """.formatted(target, calendar)).put("/guarantees/" + id).then().statusCode(201);
        return id;
    }

    /** POSTs every body to {@code path} at once, as many clients would; answers each response in the order sent. */
    public static List<HttpResponse<String>> postAll(String path, String contentType, List<String> bodies) {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        String token = Tokens.test();
        List<CompletableFuture<HttpResponse<String>>> answers = bodies.stream()
                .map(body -> client.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + RestAssured.port + path))
                        .timeout(Duration.ofSeconds(60))
                        .header("Authorization", "Bearer " + token)
                        .header("Content-Type", contentType)
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString()))
                .toList();
        return answers.stream().map(CompletableFuture::join).toList();
    }
}
