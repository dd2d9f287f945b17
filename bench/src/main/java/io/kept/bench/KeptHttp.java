package io.kept.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The REST calls the bench makes, with java.net.http over HTTP/1.1 keep-alive connections. */
final class KeptHttp {

    static final String BATCH = "application/cloudevents-batch+json";
    private static final Pattern ACCEPTED = Pattern.compile("\"status\":2\\d\\d");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ExecutorService executor = Executors.newFixedThreadPool(4, r -> {
        Thread t = new Thread(r, "bench-http");
        t.setDaemon(true);
        return t;
    });
    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .executor(executor)
            .build();
    final String promise;
    final String analytics;

    KeptHttp(String promise, String analytics) {
        this.promise = promise;
        this.analytics = analytics;
    }

    /** Every request carries the token bench/run got from ./kept token (KEPT_TOKEN: all roles, subject bench). */
    private static final String TOKEN = System.getenv().getOrDefault("KEPT_TOKEN", "");

    private static HttpRequest.Builder request(URI uri) {
        if (TOKEN.isBlank()) {
            throw new IllegalStateException("KEPT_TOKEN is not set: bench/run passes ./kept token");
        }
        return HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + TOKEN);
    }

    // ------------------------------------------------------------------ promise-service

    void defineGuarantee(String id, String target, double atRiskAt) throws IOException, InterruptedException {
        String body = String.format("{\"name\":\"%s\",\"customerProblem\":\"benchmark\",\"promise\":\"benchmark\","
                + "\"target\":\"%s\",\"calendar\":\"24x7\",\"objective\":0.9,\"atRiskAt\":%s}", id, target, atRiskAt);
        HttpResponse<String> r = client.send(request(URI.create(promise + "/guarantees/" + id))
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) {
            throw new IllegalStateException("PUT /guarantees/" + id + " answered " + r.statusCode() + ": " + r.body());
        }
    }

    static String makeBody(String promiseId, String guarantee, String customer) {
        return "{\"promiseId\":\"" + promiseId + "\",\"guaranteeId\":\"" + guarantee + "\",\"customerId\":\"" + customer
                + "\",\"channel\":\"web\",\"team\":\"bench\"}";
    }

    /** POST /promises; completes with 1 when 201, 0 otherwise. */
    CompletableFuture<Integer> make(String promiseId, String guarantee, String customer) {
        return post(promise + "/promises", "application/json", makeBody(promiseId, guarantee, customer), 201);
    }

    /** POST /promises/{id}/kept or /broken (one in {@code brokenEvery} is broken). */
    CompletableFuture<Integer> outcome(String promiseId, boolean broken) {
        if (broken) {
            return post(promise + "/promises/" + promiseId + "/broken", "application/json",
                    "{\"category\":\"mistake\",\"severity\":\"minor\",\"avoidable\":true,\"description\":\"bench\"}", 200);
        }
        return post(promise + "/promises/" + promiseId + "/kept", "application/json", "{}", 200);
    }

    /** POST /events with a CloudEvents batch; completes with the number of events answered 2xx. */
    CompletableFuture<Integer> batch(String body) {
        return client.sendAsync(request(URI.create(promise + "/events"))
                        .header("Content-Type", BATCH).timeout(Duration.ofMinutes(5))
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString())
                .thenApply(r -> {
                    if (r.statusCode() != 200) {
                        Bench.sampleError("POST /events " + r.statusCode() + " " + r.body());
                        return 0;
                    }
                    int accepted = 0;
                    Matcher m = ACCEPTED.matcher(r.body());
                    while (m.find()) {
                        accepted++;
                    }
                    return accepted;
                });
    }

    static String cloudEvent(String type, String subject, Instant time, String data) {
        return "{\"specversion\":\"1.0\",\"id\":\"" + UUID.randomUUID() + "\",\"type\":\"io.kept.promise." + type
                + "\",\"source\":\"/bench\",\"subject\":\"" + subject + "\",\"time\":\"" + time
                + "\",\"datacontenttype\":\"application/json\",\"data\":" + data + "}";
    }

    private CompletableFuture<Integer> post(String url, String type, String body, int expected) {
        return client.sendAsync(request(URI.create(url)).header("Content-Type", type)
                        .timeout(Duration.ofMinutes(5)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString())
                .thenApply(r -> {
                    if (r.statusCode() == expected) {
                        return 1;
                    }
                    Bench.sampleError("POST " + url + " " + r.statusCode() + " " + r.body());
                    return 0;
                });
    }

    // ------------------------------------------------------------------ reads

    String get(String url) throws IOException, InterruptedException {
        HttpResponse<String> r = client.send(request(URI.create(url)).timeout(Duration.ofSeconds(15))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) {
            throw new IOException("GET " + url + " answered " + r.statusCode() + ": " + r.body());
        }
        return r.body();
    }

    JsonNode getJson(String url) throws IOException, InterruptedException {
        return JSON.readTree(get(url));
    }

    JsonNode postJson(String url) throws IOException, InterruptedException {
        HttpResponse<String> r = client.send(request(URI.create(url)).timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) {
            throw new IOException("POST " + url + " answered " + r.statusCode() + ": " + r.body());
        }
        return JSON.readTree(r.body());
    }

    /**
     * Sum of a Prometheus counter's samples (all label sets), or -1 when absent. {@code base} is the service's
     * HTTP URL; its metrics are on the management port ./kept gives it, the HTTP port + 1000.
     */
    double metric(String base, String name) throws IOException, InterruptedException {
        URI http = URI.create(base);
        String management = http.getScheme() + "://" + http.getHost() + ":" + (http.getPort() + 1000);
        double sum = -1;
        for (String line : get(management + "/q/metrics").split("\n")) {
            if (line.startsWith(name) && (line.charAt(name.length()) == ' ' || line.charAt(name.length()) == '{')) {
                sum = Math.max(sum, 0) + Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }

    /** Sum of /analytics/lag over every topic; -1 while any topic is unknown. */
    long analyticsLag() throws IOException, InterruptedException {
        JsonNode lag;
        try {
            lag = getJson(analytics + "/analytics/lag");
        } catch (IOException e) {
            // e.g. a read held up by a rebuild's swap (it locks the live tables): unknown for now.
            Bench.log("  /analytics/lag did not answer: %s", e);
            return -1;
        }
        long sum = 0;
        boolean any = false;
        for (JsonNode node : findNumbersNamed(lag, "lag")) {
            any = true;
            if (node.asLong() < 0) {
                return -1;
            }
            sum += node.asLong();
        }
        if (!any) {
            throw new IOException("/analytics/lag has no lag figures: " + lag);
        }
        return sum;
    }

    private static java.util.List<JsonNode> findNumbersNamed(JsonNode node, String field) {
        java.util.List<JsonNode> found = new java.util.ArrayList<>();
        node.findValues(field).forEach(v -> {
            if (v.isNumber()) {
                found.add(v);
            }
        });
        if (found.isEmpty() && node.isObject()) {
            // {"kept.promise-events": 0, ...}
            node.properties().forEach(e -> {
                if (e.getValue().isNumber()) {
                    found.add(e.getValue());
                }
            });
        }
        return found;
    }
}
