package io.kept.recovery.watcher;

import io.kept.eventstore.CommandRunner.Ran;
import io.kept.eventstore.Watcher;
import io.kept.eventstore.WatcherItem;
import io.kept.eventstore.WatcherRound;
import io.kept.recovery.domain.RecoveryCommand;
import io.kept.recovery.domain.RecoveryState;
import io.kept.recovery.service.Recoveries;
import io.kept.recovery.store.RecoveryViews;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The recovery clocks: escalates a recovery once when it misses its acknowledge target and once
 * when it misses its resolve target. Every replica may run it: replicas claim different recoveries
 * ({@link WatcherRound}), and optimistic concurrency with derived event ids makes the loser of any
 * race append nothing.
 */
@ApplicationScoped
public class RecoveryClocks implements Watcher {

    private final Recoveries recoveries;
    private final RecoveryViews views;
    private final AtomicLong active = new AtomicLong();
    private final io.micrometer.core.instrument.Counter failures;
    private final int concurrency;
    private final int batchSize;

    public RecoveryClocks(Recoveries recoveries, RecoveryViews views, MeterRegistry registry,
            @ConfigProperty(name = WatcherItem.CONCURRENCY_KEY, defaultValue = WatcherItem.DEFAULT_CONCURRENCY) int concurrency,
            @ConfigProperty(name = "kept.watchers.recovery-clocks.batch-size", defaultValue = "500") int batchSize) {
        this.batchSize = batchSize;
        this.recoveries = recoveries;
        this.concurrency = concurrency;
        this.views = views;
        this.failures = registry.counter("kept.clocks.failures");
        registry.gauge("kept.recoveries.active", active);
    }

    @Override
    public String name() {
        return "recovery-clocks";
    }

    /** One round at {@code now}; answers how many escalations it appended. */
    @Override
    public Uni<Integer> runOnce(Instant now) {
        return WatcherRound.run(views.dueForCheck(now), batchSize, concurrency,
                        new WatcherRound.Check<String, Ran<RecoveryState>>(
                                id -> recoveries.execute(id, now, state -> new RecoveryCommand.CheckClocks(now)),
                                outcome -> outcome.appended().size(), recoveries::measure, id -> "recovery " + id,
                                failures))
                .map(WatcherRound.Done::appended)
                .call(appended -> views.active().invoke(active::set));
    }
}
