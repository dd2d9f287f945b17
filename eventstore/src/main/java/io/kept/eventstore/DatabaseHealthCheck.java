package io.kept.eventstore;

import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.health.api.Wellness;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Whether this service can do database work. A probe runs {@code SELECT 1} through the same pool
 * every request uses, every few seconds and whenever readiness is asked, and must answer within
 * {@code kept.health.database-timeout}:
 *
 * <ul>
 *   <li>readiness {@code database} is DOWN while the last probe failed or timed out, so traffic goes
 *       elsewhere while the database is away or the pool is exhausted, and until the first probe opened
 *       {@code kept.health.warm-connections} connections;
 *   <li>wellness {@code database-work} ({@code /q/health/well}, and in {@code /q/health}) is DOWN once no probe has
 *       succeeded for {@code kept.health.database-unavailable-after} (60 s). Not liveness: a restart cannot bring a
 *       database back, and pods restarted while it is away only run Flyway against it in a loop. A unit of work gives
 *       its connection back whatever happens to its caller ({@link UnitOfWork}), so the pool does not wedge.
 * </ul>
 */
@ApplicationScoped
public class DatabaseHealthCheck {

    private final Pool pool;
    private final Clock clock = Clock.systemUTC();
    private final Duration timeout;
    private final Duration unavailableAfter;
    private final Instant started;
    private final int warmConnections;
    private volatile boolean warmed;
    private volatile Instant lastSuccess;
    private volatile String lastFailure;

    public DatabaseHealthCheck(Pool pool,
            @ConfigProperty(name = "kept.health.database-timeout", defaultValue = "PT3S") Duration timeout,
            @ConfigProperty(name = "kept.health.database-unavailable-after", defaultValue = "PT60S") Duration unavailableAfter,
            @ConfigProperty(name = "kept.health.warm-connections", defaultValue = "4") int warmConnections) {
        this.pool = pool;
        this.warmConnections = Math.max(1, warmConnections);
        this.timeout = timeout;
        this.unavailableAfter = unavailableAfter;
        this.started = clock.instant();
    }

    @Scheduled(every = "${kept.health.database-probe-interval:2s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduledProbe() {
        return probe();
    }

    /**
     * Runs {@code SELECT 1} through the pool now and records the outcome. Until the first success it opens
     * {@code kept.health.warm-connections} connections at once instead (each held for 50 ms, so the pool cannot lend
     * one twice): a replica is Ready only with connections to serve on, not when its first request would still wait
     * for TLS and SCRAM handshakes (a replica started under load drowned so in ProductionRehearsalIT).
     */
    public Uni<Void> probe() {
        // On a connection of its own, not pool.query: a statement run on the pool whose connection cannot be made
        // leaves a timer that fails it a second time ("Result is already complete", vertx-sql-client#1706).
        Uni<?> check = warmed ? pool.withConnection(c -> c.query("SELECT 1").execute())
                : Uni.join().all(java.util.stream.IntStream.range(0, warmConnections)
                        .mapToObj(i -> pool.withConnection(c -> c.query("SELECT pg_sleep(0.05)").execute()))
                        .toList()).andFailFast().invoke(() -> warmed = true);
        return check
                .ifNoItem().after(timeout).failWith(() -> new java.util.concurrent.TimeoutException(
                        "no database connection within " + timeout.toMillis() + " ms"))
                .onItemOrFailure().transform((rows, failure) -> {
                    if (failure == null) {
                        if (lastFailure != null) {
                            Log.infof("Database reachable again after: %s", lastFailure);
                        }
                        lastSuccess = clock.instant();
                        lastFailure = null;
                    } else {
                        if (lastFailure == null) {
                            Log.warnf("Database probe failed: %s", failure.getMessage());
                        }
                        lastFailure = failure.getClass().getSimpleName() + ": " + failure.getMessage();
                    }
                    return null;
                });
    }

    /** Readiness {@code database}: DOWN while the last probe failed. */
    public HealthCheckResponse readiness() {
        String failure = lastFailure;
        Instant success = lastSuccess;
        var builder = HealthCheckResponse.named("database").status(failure == null);
        if (failure != null) {
            builder.withData("lastFailure", failure);
        }
        if (success != null) {
            builder.withData("lastSuccess", success.toString());
        }
        return builder.build();
    }

    /** Wellness {@code database-work}: DOWN once no probe succeeded for {@code unavailableAfter}. */
    public HealthCheckResponse withoutWork() {
        String failure = lastFailure;
        Instant success = lastSuccess;
        Duration without = failure == null ? Duration.ZERO
                : Duration.between(success == null ? started : success, clock.instant());
        var builder = HealthCheckResponse.named("database-work").status(without.compareTo(unavailableAfter) <= 0)
                .withData("withoutDatabaseWorkSeconds", without.toSeconds())
                .withData("downAfterSeconds", unavailableAfter.toSeconds());
        if (failure != null) {
            builder.withData("lastFailure", failure);
        }
        return builder.build();
    }

    // The checks call methods, never fields: the bean they get is a client proxy.

    /** Readiness {@code database}. */
    @Readiness
    @ApplicationScoped
    public static class Ready implements AsyncHealthCheck {
        private final DatabaseHealthCheck database;

        public Ready(DatabaseHealthCheck database) {
            this.database = database;
        }

        @Override
        public Uni<HealthCheckResponse> call() {
            // Probed at the moment it is asked: ready again as soon as a connection answers.
            return database.probe().map(ignored -> database.readiness());
        }
    }

    /** Wellness {@code database-work}. */
    @Wellness
    @ApplicationScoped
    public static class Work implements AsyncHealthCheck {
        private final DatabaseHealthCheck database;

        public Work(DatabaseHealthCheck database) {
            this.database = database;
        }

        @Override
        public Uni<HealthCheckResponse> call() {
            return Uni.createFrom().item(database::withoutWork);
        }
    }
}
