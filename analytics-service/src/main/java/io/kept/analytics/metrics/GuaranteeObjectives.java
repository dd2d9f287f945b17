package io.kept.analytics.metrics;

import io.kept.eventstore.EventStoreConfig;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Each live guarantee's objective as {@code kept_guarantee_objective{guarantee}}, refreshed with the lag
 * ({@code kept.analytics.lag-interval}): what Prometheus divides by in the burn-rate rules of
 * {@code deploy/kubernetes/base/monitoring}, next to promise-service's {@code kept_promises_total}. Guarantees are
 * defined at run time, so the rules name none; this gauge brings each one's objective to them. A retired guarantee
 * drops out.
 */
@ApplicationScoped
public class GuaranteeObjectives {

    private final Pool pool;
    private final String s;
    private final MultiGauge objectives;
    private volatile boolean failing;

    public GuaranteeObjectives(Pool pool, EventStoreConfig config, MeterRegistry registry) {
        this.pool = pool;
        this.s = config.schema() + ".";
        this.objectives = MultiGauge.builder("kept.guarantee.objective")
                .description("The guarantee's objective: the share of its promises to keep in time").register(registry);
    }

    @Scheduled(every = "${kept.analytics.lag-interval:10s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void refresh() {
        try {
            var rows = pool.withConnection(c -> c.query("SELECT guarantee_id, objective FROM " + s + "guarantees"
                    + " WHERE objective IS NOT NULL AND NOT retired").execute()).await().atMost(Duration.ofSeconds(5));
            List<MultiGauge.Row<?>> gauges = new ArrayList<>();
            rows.forEach(r -> gauges.add(MultiGauge.Row.of(Tags.of("guarantee", r.getString(0)), r.getDouble(1))));
            objectives.register(gauges, true);
            failing = false;
        } catch (RuntimeException e) {
            if (!failing) {
                Log.warnf("Guarantee objectives cannot be read (will keep trying): %s", e);
            }
            failing = true;
        }
    }
}
