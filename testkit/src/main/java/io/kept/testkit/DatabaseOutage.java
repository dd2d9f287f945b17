package io.kept.testkit;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * A database outage for a service started with {@link OutagePostgresResource}: the database refuses
 * every connection for a while, records arrive meanwhile, then it comes back.
 */
public final class DatabaseOutage {

    private DatabaseOutage() {
    }

    /**
     * What the service said about itself during an outage: the first readiness answer that reported
     * a consumer retrying ("" if none did), and whether readiness and liveness turned DOWN.
     */
    public record Observed(String retrying, boolean notReady, boolean notLive) {
    }

    /**
     * Refuses the database for {@code outage} while {@code publish} runs, watching the service's
     * readiness and liveness on {@code port}; then accepts again.
     */
    public static Observed during(int port, Duration outage, Runnable publish) {
        long ends = System.nanoTime() + outage.toNanos();
        String retrying = "";
        boolean notReady = false;
        boolean notLive = false;
        OutagePostgresResource.proxy().refuse();
        try {
            publish.run();
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            while (System.nanoTime() < ends) {
                HttpResponse<String> ready = get(client, port, "/q/health/ready");
                if (ready != null) {
                    notReady |= ready.statusCode() == 503;
                    if (retrying.isEmpty() && ready.body().contains("\"kept-consumers\"") && ready.body().contains("retrying ")) {
                        retrying = ready.body();
                    }
                }
                HttpResponse<String> live = get(client, port, "/q/health/live");
                notLive |= live != null && live.statusCode() == 503;
                Thread.sleep(500);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            OutagePostgresResource.proxy().accept();
        }
        return new Observed(retrying, notReady, notLive);
    }

    /** The records of {@code topic}'s dead-letter topic whose key is one of {@code keys}. */
    public static List<ConsumerRecord<String, byte[]>> deadLettered(String topic, Set<String> keys) {
        return TopicReader.readUntil(KafkaResource.broker().bootstrapServers(), topic + ".dlq", read -> false,
                Duration.ofSeconds(3)).stream().filter(r -> keys.contains(r.key())).toList();
    }

    private static HttpResponse<String> get(HttpClient client, int port, String path) {
        try {
            return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
