package io.kept.eventstore;

import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;

/**
 * Whether this service can do database work. A probe runs {@code SELECT 1} through the same pool
 * every request uses, every few seconds and whenever readiness is asked, and must answer within
 * {@code kept.health.database-timeout}:
 *
 * <ul>
 *   <li>readiness {@code database} is DOWN while the last probe failed or timed out, so traffic goes
 *       elsewhere while the database is away or the pool is exhausted;
 *   <li>liveness {@code database-work} is DOWN once no probe has succeeded for
 *       {@code kept.health.database-unavailable-after} (60 s), so Kubernetes replaces a pod whose
 *       pool is wedged rather than leaving it up and useless.
 * </ul>
 */
@ApplicationScoped
public class DatabaseHealthCheck {

    private final Pool pool;
    private final Clock clock = Clock.systemUTC();
    private final Duration timeout;
    private final Duration unavailableAfter;
    private final Instant started;
    private volatile Instant lastSuccess;
    private volatile String lastFailure;

    public DatabaseHealthCheck(Pool pool,
            @ConfigProperty(name = "kept.health.database-timeout", defaultValue = "PT3S") Duration timeout,
            @ConfigProperty(name = "kept.health.database-unavailable-after", defaultValue = "PT60S") Duration unavailableAfter) {
        this.pool = pool;
        this.timeout = timeout;
        this.unavailableAfter = unavailableAfter;
        this.started = clock.instant();
    }

    @Scheduled(every = "${kept.health.database-probe-interval:2s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduledProbe() {
        return probe();
    }

    /** Runs {@code SELECT 1} through the pool now and records the outcome. */
    public Uni<Void> probe() {
        return pool.query("SELECT 1").execute()
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

    /** Liveness {@code database-work}: DOWN once no probe succeeded for {@code unavailableAfter}. */
    public HealthCheckResponse liveness() {
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

    /** Liveness {@code database-work}. */
    @Liveness
    @ApplicationScoped
    public static class Live implements AsyncHealthCheck {
        private final DatabaseHealthCheck database;

        public Live(DatabaseHealthCheck database) {
            this.database = database;
        }

        @Override
        public Uni<HealthCheckResponse> call() {
            return Uni.createFrom().item(database::liveness);
        }
    }
}
