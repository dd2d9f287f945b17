package io.kept.eventstore;

import io.quarkus.reactive.pg.client.PgPoolCreator;
import io.vertx.pgclient.PgPool;
import io.vertx.sqlclient.Pool;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The reactive pool as Quarkus configures it, with one bound it has no setting for: a statement waits at most
 * {@code kept.db.acquire-timeout} (5 s) for a connection, then fails, and its request answers 503 with Retry-After
 * ({@link Transient}: Vert.x's "Timeout"). Vert.x waits 30 s by default, longer than clients do: a replica just started
 * under full load, whose connections are still being opened (TLS and SCRAM each), or a database that is away, left
 * requests hanging for 20 s (ProductionRehearsalIT).
 */
@Singleton
public class BoundedPool implements PgPoolCreator {

    private final Duration acquireTimeout;

    public BoundedPool(@ConfigProperty(name = "kept.db.acquire-timeout", defaultValue = "PT5S") Duration acquireTimeout) {
        this.acquireTimeout = acquireTimeout;
    }

    @Override
    @SuppressWarnings("deprecation") // Quarkus casts what this answers to PgPool, which PgBuilder's pools are not.
    public Pool create(Input input) {
        input.poolOptions().setConnectionTimeout((int) acquireTimeout.toMillis())
                .setConnectionTimeoutUnit(TimeUnit.MILLISECONDS);
        return PgPool.pool(input.vertx(), input.pgConnectOptionsList(), input.poolOptions());
    }
}
