package io.kept.testkit;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * A database outage for a service started with {@link OutagePostgresResource}, in one of the forms production has
 * ({@link Form}): records arrive meanwhile, then the database comes back.
 */
public final class DatabaseOutage {

    private DatabaseOutage() {
    }

    /** How the database is away. */
    public enum Form {
        /** The host is away: connections reset, new ones refused at the TCP level. */
        REFUSED,
        /**
         * The database itself refuses: {@code ALTER DATABASE ... ALLOW_CONNECTIONS false} and its backends terminated
         * (57P01), so every new connection is FATAL 55000 "not currently accepting connections".
         */
        NOT_ACCEPTING,
        /**
         * A failover as clients see it: the open connections terminated (57P01, "terminating connection due to
         * administrator command"), new ones answered FATAL 57P03 "the database system is starting up".
         */
        FAILING_OVER,
        /** Every open connection dropped, mid-transaction or not, every 300 ms; new ones still accepted. */
        DROPPED
    }

    /**
     * What the service said about itself during an outage: the first health answer that reported a consumer retrying
     * ("" if none did), and whether readiness and liveness turned DOWN.
     */
    public record Observed(String retrying, boolean notReady, boolean notLive) {
    }

    /** Refuses connections for {@code outage} while {@code publish} runs ({@link Form#REFUSED}). */
    public static Observed during(int port, Duration outage, Runnable publish) {
        return during(port, Form.REFUSED, outage, publish);
    }

    /**
     * Takes the database away in {@code form} for {@code outage} while {@code publish} runs, watching the service's
     * health on {@code port}; then brings it back.
     */
    public static Observed during(int port, Form form, Duration outage, Runnable publish) {
        long ends = System.nanoTime() + outage.toNanos();
        String retrying = "";
        boolean notReady = false;
        boolean notLive = false;
        TcpProxy proxy = OutagePostgresResource.proxy();
        begin(form, proxy);
        try {
            publish.run();
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            while (System.nanoTime() < ends) {
                HttpResponse<String> health = get(client, port, "/q/health");
                if (health != null && retrying.isEmpty() && health.body().contains("\"kept-consumers\"")
                        && health.body().contains("retrying ")) {
                    retrying = health.body();
                }
                HttpResponse<String> ready = get(client, port, "/q/health/ready");
                notReady |= ready != null && ready.statusCode() == 503;
                HttpResponse<String> live = get(client, port, "/q/health/live");
                notLive |= live == null || live.statusCode() != 200;
                if (form == Form.DROPPED) {
                    proxy.cut();
                }
                Thread.sleep(300);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            end(form, proxy);
        }
        return new Observed(retrying, notReady, notLive);
    }

    private static void begin(Form form, TcpProxy proxy) {
        switch (form) {
            case REFUSED -> proxy.refuse();
            case NOT_ACCEPTING -> {
                onMaintenance("ALTER DATABASE %s ALLOW_CONNECTIONS false");
                terminateBackends();
            }
            case FAILING_OVER -> {
                proxy.answerPostgresError("57P03", "the database system is starting up");
                terminateBackends();
            }
            case DROPPED -> proxy.cut();
        }
    }

    private static void end(Form form, TcpProxy proxy) {
        switch (form) {
            case REFUSED -> proxy.accept();
            case NOT_ACCEPTING -> onMaintenance("ALTER DATABASE %s ALLOW_CONNECTIONS true");
            case FAILING_OVER -> proxy.forwardAgain();
            case DROPPED -> {
            }
        }
    }

    /** Every other backend on the service's database terminated, as an administrator or a failover does (57P01). */
    private static void terminateBackends() {
        onMaintenance("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '%s'"
                + " AND pid <> pg_backend_pid()");
    }

    /** Runs {@code sql} (the database's name for %s) from the server's maintenance database, bypassing the proxy. */
    private static void onMaintenance(String sql) {
        TestDatabase database = OutagePostgresResource.database();
        String url = database.jdbcUrl();
        int slash = url.lastIndexOf('/');
        int query = url.indexOf('?', slash);
        String name = query < 0 ? url.substring(slash + 1) : url.substring(slash + 1, query);
        String maintenance = url.substring(0, slash + 1) + "postgres" + (query < 0 ? "" : url.substring(query));
        try (Connection c = DriverManager.getConnection(maintenance, database.username(), database.password());
                Statement statement = c.createStatement()) {
            statement.execute(String.format(sql, name));
        } catch (SQLException e) {
            throw new IllegalStateException("Could not run " + sql + " on " + maintenance, e);
        }
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
