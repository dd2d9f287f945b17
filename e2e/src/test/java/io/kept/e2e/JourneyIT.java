package io.kept.e2e;

import static io.kept.testkit.Api.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import io.kept.events.Topics;
import io.kept.testkit.EmbeddedKafkaBroker;
import io.kept.testkit.ServiceProcess;
import io.kept.testkit.SharedInfrastructure;
import io.kept.testkit.TestDatabase;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A promise's whole journey across the four packaged services, each its own process as in
 * {@code ./kept up}, against a real Kafka broker and a fresh PostgreSQL database; HTTP only.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class JourneyIT {

    private static final Duration READY = Duration.ofMinutes(3);
    private static final String TODAY = LocalDate.now(ZoneOffset.UTC).toString();
    private static final String RANGE = "from=" + LocalDate.now(ZoneOffset.UTC).minusDays(2) + "&to=" + TODAY;

    private static ServiceProcess promise;
    private static ServiceProcess recovery;
    private static ServiceProcess followup;
    private static ServiceProcess analytics;

    @BeforeAll
    static void startKept() {
        EmbeddedKafkaBroker kafka = SharedInfrastructure.kafka();
        List<String> topics = new ArrayList<>();
        for (String topic : Topics.all()) {
            topics.add(topic);
            topics.add(Topics.dlq(topic));
        }
        kafka.createTopics(topics, 3);
        TestDatabase db = SharedInfrastructure.freshDatabase();
        Map<String, String> env = Map.of(
                "KEPT_DB_URL", db.reactiveUrl(),
                "KEPT_DB_USER", db.username(),
                "KEPT_DB_PASSWORD", db.password(),
                "KEPT_KAFKA_BOOTSTRAP", kafka.bootstrapServers(),
                "KEPT_BI_PASSWORD", "kept_bi",
                // The deadline watcher looks every second and breaks a promise a second after it is due.
                "KEPT_WATCHERS_DEADLINE_INTERVAL", "1s",
                "KEPT_WATCHERS_DEADLINE_GRACE", "PT1S");
        Path root = Path.of(System.getProperty("kept.root", "..")).toAbsolutePath().normalize();
        Path logs = root.resolve("e2e/target/e2e-logs");
        promise = ServiceProcess.of(root, "promise-service", env, logs);
        recovery = ServiceProcess.of(root, "recovery-service", env, logs);
        followup = ServiceProcess.of(root, "followup-service", env, logs);
        analytics = ServiceProcess.of(root, "analytics-service", env, logs);
        // Each service migrates its own schema; they start side by side, as ./kept up starts them.
        Stream.of(promise, recovery, followup, analytics).parallel().forEach(s -> s.start().awaitReady(READY));
    }

    @AfterAll
    static void stopKept() {
        Stream.of(promise, recovery, followup, analytics).filter(s -> s != null).parallel().forEach(ServiceProcess::stop);
    }

    @Test
    @Order(1)
    void aBrokenPromiseIsRecoveredFollowedUpAndTheCustomerComesBack() {
        defineGuarantee("delivery", "Next-day delivery", "I need it tomorrow", "Delivered by tomorrow", 0.9);

        // ann's promise is kept; cat's is reported broken; dan's falls due and the watcher breaks it.
        make("j-ann", "ann", null);
        given().baseUri(promise.url()).contentType(ContentType.JSON).body(Map.of())
                .post("/promises/j-ann/kept").then().statusCode(200);
        make("j-cat", "cat", null);
        given().baseUri(promise.url()).contentType(ContentType.JSON)
                .body(Map.of("category", "breakdown", "severity", "major", "avoidable", false, "description", "van broke down"))
                .post("/promises/j-cat/broken").then().statusCode(200);
        make("j-dan", "dan", Instant.now().plusSeconds(2));
        Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().baseUri(promise.url())
                .get("/promises/j-dan").then().statusCode(200).body("status", equalTo("broken")));

        // recovery-service opened a recovery for each broken promise from kept.promise-events.
        String catRecovery = awaitOne(recovery.url() + "/recoveries?customerId=cat", "recoveryId");
        awaitOne(recovery.url() + "/recoveries?customerId=dan", "recoveryId");
        given().baseUri(recovery.url()).contentType(ContentType.JSON).body(Map.of("apology", "We are sorry"))
                .post("/recoveries/" + catRecovery + "/acknowledged").then().statusCode(200);
        given().baseUri(recovery.url()).contentType(ContentType.JSON)
                .body(Map.of("customerProblem", "needs it for a party", "rootCause", "van maintenance"))
                .post("/recoveries/" + catRecovery + "/diagnosed").then().statusCode(200);
        given().baseUri(recovery.url()).contentType(ContentType.JSON)
                .body(Map.of("resolution", "courier delivered at night",
                        "compensation", Map.of("kind", "credit", "amount", 20, "currency", "EUR")))
                .post("/recoveries/" + catRecovery + "/resolved").then().statusCode(200);

        // followup-service scheduled a satisfaction check from kept.recovery-events.
        Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().baseUri(followup.url())
                .get("/followups?customerId=cat").then().statusCode(200)
                .body("items.kind", hasItems("satisfaction-check")));
        String check = JsonPath.from(given().baseUri(followup.url()).get("/followups?customerId=cat").asString())
                .getString("items.find { it.kind == 'satisfaction-check' }.followUpId");
        given().baseUri(followup.url()).contentType(ContentType.JSON)
                .body(Map.of("satisfied", true, "score", 5, "retained", true, "comment", "great save"))
                .post("/followups/" + check + "/completed").then().statusCode(200);
        given().baseUri(followup.url()).contentType(ContentType.JSON).body(Map.of("reference", "order-2"))
                .post("/customers/cat/returned").then().statusCode(201);

        // analytics-service saw all three topics.
        Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            given().baseUri(analytics.url()).get("/analytics/compliance?guaranteeId=delivery&" + RANGE).then()
                    .statusCode(200)
                    .body("made.sum()", equalTo(3)).body("kept.sum()", equalTo(1)).body("broken.sum()", equalTo(2));
            given().baseUri(analytics.url()).get("/analytics/paradox").then().statusCode(200)
                    .body("find { it.cohort == 'recovered' }.customers", equalTo(1))
                    .body("find { it.cohort == 'recovered' }.returned_rate", equalTo(1))
                    .body("find { it.cohort == 'recovered' }.avg_score", equalTo(5))
                    .body("find { it.cohort == 'not_recovered' }.customers", equalTo(1))
                    .body("find { it.cohort == 'never_failed' }.customers", equalTo(1));
            given().baseUri(analytics.url()).get("/analytics/customers/cat/timeline").then().statusCode(200)
                    .body("type", hasItems("io.kept.promise.made", "io.kept.promise.broken", "io.kept.recovery.opened",
                            "io.kept.recovery.acknowledged", "io.kept.recovery.diagnosed", "io.kept.recovery.resolved",
                            "io.kept.followup.scheduled", "io.kept.followup.completed", "io.kept.customer.returned"));
        });
        given().baseUri(analytics.url()).get("/analytics/recoveries?" + RANGE).then()
                .body("findAll { it.severity == 'major' }.compensation_total.sum()", equalTo(20));
        given().baseUri(analytics.url()).get("/analytics/customers/dan/timeline").then()
                .body("type", hasItems("io.kept.promise.made", "io.kept.promise.broken", "io.kept.recovery.opened"));
    }

    @Test
    @Order(2)
    void everyAcceptedWriteIsCountedOnceThoughServicesAreKilledMidStream() throws Exception {
        defineGuarantee("callback", "Call back", "I want an answer", "We call back within a day", 0.95);

        int writes = 300;
        Set<String> accepted = ConcurrentHashMap.newKeySet();
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            // A client that retries the same promise id until it gets an answer, as the API asks.
            for (int i = 0; i < writes; i++) {
                String id = "s-" + i;
                postUntilAnswered(promise, "/promises", "{\"promiseId\":\"" + id + "\",\"guaranteeId\":\"callback\","
                        + "\"customerId\":\"c-" + i + "\",\"team\":\"phones\"}");
                accepted.add(id);
            }
        });

        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> accepted.size() >= writes / 3);
        promise.kill();
        promise.start().awaitReady(READY);
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> accepted.size() >= 2 * writes / 3);
        analytics.kill();
        analytics.start().awaitReady(READY);
        writer.get(3, TimeUnit.MINUTES);
        assertThat(accepted).hasSize(writes);

        Awaitility.await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> given().baseUri(analytics.url())
                .get("/analytics/compliance?guaranteeId=callback&" + RANGE).then().statusCode(200)
                .body("made.sum()", equalTo(writes)).body("open.sum()", equalTo(writes)));
        // Nothing more arrives later: each write was counted once, not at least once.
        Awaitility.await().pollDelay(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).untilAsserted(() -> given()
                .baseUri(analytics.url()).get("/analytics/compliance?guaranteeId=callback&team=phones&" + RANGE).then()
                .body("made.sum()", equalTo(writes)));
        given().baseUri(promise.url()).get("/promises?guaranteeId=callback&size=500").then()
                .body("items.size()", equalTo(writes));
    }

    @Test
    @Order(3)
    void everyBadInputIsAProblemNamingTheFieldAndNeverA5xx() {
        make(BadInput.MADE, "c-bad", null);
        Map<String, ServiceProcess> services = Map.of(BadInput.PROMISE, promise, BadInput.RECOVERY, recovery,
                BadInput.FOLLOWUP, followup, BadInput.ANALYTICS, analytics);
        List<BadInput> corpus = BadInput.corpus();
        List<String> wrong = new ArrayList<>();
        int serverErrors = 0;
        for (BadInput bad : corpus) {
            var request = given().baseUri(services.get(bad.service()).url()).urlEncodingEnabled(false);
            if (bad.body() != null) {
                request = request.contentType(bad.path().equals("/events") ? "application/cloudevents+json" : "application/json")
                        .body(bad.body());
            }
            var response = request.request(bad.method(), bad.path());
            int status = response.statusCode();
            serverErrors += status >= 500 ? 1 : 0;
            String contentType = String.valueOf(response.contentType());
            List<String> fields = status >= 400 && contentType.startsWith("application/problem+json")
                    ? JsonPath.from(response.asString()).getList("errors.field", String.class) : List.of();
            boolean right = status == bad.status() && contentType.startsWith("application/problem+json")
                    && (bad.field() == null || (fields != null && fields.contains(bad.field())));
            if (!right) {
                wrong.add(bad + " -> " + status + " " + contentType + " " + response.asString().lines().findFirst().orElse(""));
            }
        }
        assertThat(serverErrors).as("5xx answers out of %d bad inputs", corpus.size()).isZero();
        assertThat(wrong).as("bad inputs not answered with the expected problem (%d cases)", corpus.size()).isEmpty();
    }

    @Test
    @Order(4)
    void anOversizedRequestIsRefusedAndTheEventsAroundItReachAnalytics() {
        defineGuarantee("returns", "Returns", "I want my money back", "Refund in a day", 0.9);
        makeFor("o-before", "returns");
        // 400,000 holidays: 5.2 MB, over the 2 MB body limit.
        given().baseUri(promise.url()).contentType(ContentType.JSON).body(BadInput.calendarWithHolidays(400_000))
                .put("/calendars/huge").then().statusCode(413).contentType("application/problem+json");
        // 100,000 holidays: 1.4 MB, once accepted and then never publishable.
        given().baseUri(promise.url()).contentType(ContentType.JSON).body(BadInput.calendarWithHolidays(100_000))
                .put("/calendars/big").then().statusCode(400).contentType("application/problem+json");
        makeFor("o-after", "returns");
        Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().baseUri(analytics.url())
                .get("/analytics/compliance?guaranteeId=returns&" + RANGE).then().statusCode(200)
                .body("made.sum()", equalTo(2)));
        given().baseUri(promise.url()).get("/q/health/ready").then().statusCode(200);
    }

    @Test
    @Order(5)
    void everyWriteAcceptedWhileTheBrokerIsDownReachesAnalyticsOnce() {
        defineGuarantee("install", "Installation", "I need it working", "Installed in a day", 0.9);
        EmbeddedKafkaBroker kafka = SharedInfrastructure.kafka();
        writeInstallPromises(0, 50);
        kafka.stop();
        try {
            // The broker is away: every write is still accepted, durably, into the outbox.
            writeInstallPromises(50, 150);
        } finally {
            kafka.restart();
        }
        writeInstallPromises(150, 200);
        int writes = 200;
        Awaitility.await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> given().baseUri(analytics.url())
                .get("/analytics/compliance?guaranteeId=install&" + RANGE).then().statusCode(200)
                .body("made.sum()", equalTo(writes)));
        Awaitility.await().pollDelay(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).untilAsserted(() -> given()
                .baseUri(analytics.url()).get("/analytics/compliance?guaranteeId=install&" + RANGE).then()
                .body("made.sum()", equalTo(writes)));
        Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                given().baseUri(promise.url()).get("/q/health/ready").then().statusCode(200));
    }

    /** A guarantee of 24 hours around the clock. */
    private static void defineGuarantee(String id, String name, String customerProblem, String promiseText, double objective) {
        given().baseUri(promise.url()).contentType(ContentType.JSON)
                .body(Map.of("name", name, "customerProblem", customerProblem, "promise", promiseText,
                        "target", "PT24H", "calendar", "24x7", "objective", objective))
                .put("/guarantees/" + id).then().statusCode(201);
    }

    /** Promises b-from to b-(to - 1) under guarantee install, one after another, each until answered 2xx. */
    private static void writeInstallPromises(int from, int to) {
        for (int i = from; i < to; i++) {
            postUntilAnswered(promise, "/promises", "{\"promiseId\":\"b-" + i + "\",\"guaranteeId\":\"install\","
                    + "\"customerId\":\"c-b-" + i + "\"}");
        }
    }

    private static void makeFor(String id, String guaranteeId) {
        given().baseUri(promise.url()).contentType(ContentType.JSON)
                .body(Map.of("promiseId", id, "guaranteeId", guaranteeId, "customerId", "c-" + id))
                .post("/promises").then().statusCode(201);
    }

    private static void make(String id, String customer, Instant dueAt) {
        Map<String, Object> body = new java.util.HashMap<>(Map.of("promiseId", id, "guaranteeId", "delivery",
                "customerId", customer, "team", "logistics", "channel", "web"));
        if (dueAt != null) {
            body.put("dueAt", dueAt.toString());
        }
        given().baseUri(promise.url()).contentType(ContentType.JSON).body(body).post("/promises").then().statusCode(201);
    }

    private static String awaitOne(String url, String field) {
        return Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> {
            JsonPath page = JsonPath.from(given().get(url).then().statusCode(200).extract().asString());
            List<String> ids = page.getList("items." + field);
            return ids.size() == 1 ? ids.get(0) : null;
        }, id -> id != null);
    }

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** POSTs until the service answers 2xx; a refused or cut connection (the service was killed) is retried. */
    private static void postUntilAnswered(ServiceProcess service, String path, String json) {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(service.url() + path))
                        .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                        .header("Authorization", "Bearer " + io.kept.testkit.Tokens.test())
                        .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() / 100 == 2) {
                    return;
                }
                if (response.statusCode() < 500) {
                    throw new AssertionError("POST " + path + " " + json + " answered " + response.statusCode()
                            + ": " + response.body());
                }
            } catch (ConnectException e) {
                // The service is down; try again shortly.
            } catch (java.io.IOException e) {
                // Cut mid-request: it may or may not have been accepted; the same id again is safe.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("POST " + path + " never answered");
    }
}
