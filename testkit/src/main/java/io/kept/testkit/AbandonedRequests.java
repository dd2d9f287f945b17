package io.kept.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.RestAssured;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Clients that give up: each request is sent whole on its own connection, which is then reset
 * (TCP RST, as a killed process or a closed browser tab leaves it) a few milliseconds later,
 * usually while the service is still working on it. Afterwards {@link #awaitPoolIdle} tells whether
 * the service's database pool recovered.
 */
public final class AbandonedRequests {

    private static final Pattern METRIC = Pattern.compile("^(sql_pool_active|sql_pool_queue_size)\\{[^}]*} ([0-9.eE+-]+)$",
            Pattern.MULTILINE);

    private AbandonedRequests() {
    }

    /** An HTTP request as written on the wire. */
    public record Request(String method, String path, String jsonBody) {

        public static Request get(String path) {
            return new Request("GET", path, null);
        }

        public static Request post(String path, String json) {
            return new Request("POST", path, json);
        }

        byte[] bytes(int port) {
            byte[] body = jsonBody == null ? new byte[0] : jsonBody.getBytes(StandardCharsets.UTF_8);
            String head = method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nAccept: application/json\r\n"
                    + "Authorization: Bearer " + Tokens.test() + "\r\n"
                    + (jsonBody == null ? "" : "Content-Type: application/json\r\nContent-Length: " + body.length + "\r\n")
                    + "\r\n";
            byte[] headBytes = head.getBytes(StandardCharsets.US_ASCII);
            byte[] all = new byte[headBytes.length + body.length];
            System.arraycopy(headBytes, 0, all, 0, headBytes.length);
            System.arraycopy(body, 0, all, headBytes.length, body.length);
            return all;
        }
    }

    /**
     * Sends {@code count} requests ({@code request} gets the request's index), {@code parallel} at a
     * time, each abandoned 1 to {@code maxDelayMillis} ms after it was sent.
     *
     * @return how many were sent whole before being abandoned
     */
    public static int send(int port, int count, int parallel, int maxDelayMillis, IntFunction<Request> request) {
        ExecutorService pool = Executors.newFixedThreadPool(parallel);
        try {
            List<Future<Boolean>> sent = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                int index = i;
                sent.add(pool.submit(() -> abandon(port, request.apply(index), maxDelayMillis)));
            }
            int whole = 0;
            for (Future<Boolean> f : sent) {
                whole += f.get(60, TimeUnit.SECONDS) ? 1 : 0;
            }
            return whole;
        } catch (Exception e) {
            throw new IllegalStateException("Abandoned requests did not finish", e);
        } finally {
            pool.shutdownNow();
        }
    }

    private static boolean abandon(int port, Request request, int maxDelayMillis) throws InterruptedException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.bytes(port));
            out.flush();
            Thread.sleep(ThreadLocalRandom.current().nextInt(1, maxDelayMillis + 1));
            socket.setSoLinger(true, 0); // close() now resets the connection
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Pool use read from the service's {@code /q/metrics} on its management port ({@link Api#managementPort()}):
     * connections in use and requests waiting for one.
     */
    public record PoolUse(double active, double queued) {
    }

    public static PoolUse poolUse(int port) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        try {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/metrics"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            double active = -1;
            double queued = -1;
            Matcher m = METRIC.matcher(response.body());
            while (m.find()) {
                if (m.group(1).equals("sql_pool_active")) {
                    active = Double.parseDouble(m.group(2));
                } else {
                    queued = Double.parseDouble(m.group(2));
                }
            }
            return new PoolUse(active, queued);
        } catch (IOException e) {
            return new PoolUse(-1, -1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Abandons {@code count} requests to the service under test, 50 at a time (as {@link #send}), and checks what
     * every service must show afterwards: all were sent whole, its database pool is idle again within 20 s and it
     * is still ready. What the abandoned requests may have changed is the calling test's to check.
     *
     * @param what what the requests were, for the failure message ("requests", "reads")
     */
    public static void abandonAndExpectIdlePool(int count, int maxDelayMillis, String what, IntFunction<Request> request) {
        int sent = send(RestAssured.port, count, 50, maxDelayMillis, request);
        assertThat(sent).isEqualTo(count);

        PoolUse use = awaitPoolIdle(Api.managementPort(), Duration.ofSeconds(20));
        assertThat(use).as("pool after %d abandoned %s", sent, what).isEqualTo(new PoolUse(0, 0));
        Api.given().when().get("/q/health/ready").then().statusCode(200);
    }

    /**
     * Waits until no connection is in use and nothing waits for one; the last reading otherwise.
     * A wedged pool stays at its maximum with requests queued.
     */
    public static PoolUse awaitPoolIdle(int port, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        PoolUse use = poolUse(port);
        while ((use.active() != 0 || use.queued() != 0) && Instant.now().isBefore(deadline)) {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            use = poolUse(port);
        }
        return use;
    }
}
