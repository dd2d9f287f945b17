package io.kept.testkit;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;

/**
 * Like {@link PostgresResource}, a fresh database for the test class family, but reached through a
 * {@link TcpProxy}, so a test can make the database refuse connections and come back:
 * {@code OutagePostgresResource.proxy().refuse()}, then {@code accept()}.
 */
public class OutagePostgresResource implements QuarkusTestResourceLifecycleManager {

    private static volatile TcpProxy proxy;
    private static volatile TestDatabase direct;

    @Override
    public Map<String, String> start() {
        TestDatabase database = SharedInfrastructure.freshDatabase();
        URI uri = URI.create(database.jdbcUrl().substring("jdbc:".length()));
        TcpProxy started = TcpProxy.start(uri.getHost(), uri.getPort());
        proxy = started;
        direct = database;
        String proxied = database.jdbcUrl().replaceFirst(":" + uri.getPort() + "/", ":" + started.port() + "/");
        Map<String, String> config = new HashMap<>(new TestDatabase(proxied, database.username(), database.password())
                .quarkusConfig());
        // Give up on a connection attempt quickly while the database is away.
        config.put("quarkus.datasource.reactive.idle-timeout", "PT30S");
        // Liveness gives up on the database after 10 s here (60 s by default), within a test's outage.
        config.put("kept.health.database-unavailable-after", "PT10S");
        return config;
    }

    /** The proxy between the service and its database. */
    public static TcpProxy proxy() {
        if (proxy == null) {
            throw new IllegalStateException("OutagePostgresResource has not started");
        }
        return proxy;
    }

    /** The database itself, bypassing the proxy, for checks over JDBC while the service cannot reach it. */
    public static TestDatabase database() {
        return direct;
    }

    @Override
    public void stop() {
        TcpProxy p = proxy;
        if (p != null) {
            p.close();
        }
    }
}
