package io.kept.followup.watcher;

import io.kept.eventstore.CommandRunner.Ran;
import io.kept.eventstore.Watcher;
import io.kept.eventstore.WatcherItem;
import io.kept.eventstore.WatcherRound;
import io.kept.followup.domain.FollowUpCommand;
import io.kept.followup.domain.FollowUpState;
import io.kept.followup.service.FollowUps;
import io.kept.followup.store.FollowUpViews;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Records {@code followup.missed} for a follow-up still open at its due time plus grace, exactly
 * once across replicas: replicas claim different follow-ups ({@link WatcherRound}), and optimistic
 * concurrency and a derived event id make the loser of any race a no-op.
 */
@ApplicationScoped
public class OverdueWatcher implements Watcher {

    private final FollowUps followUps;
    private final FollowUpViews views;
    private final Duration grace;
    private final int batchSize;
    private final AtomicLong due = new AtomicLong();
    private final AtomicLong overdue = new AtomicLong();
    private final io.micrometer.core.instrument.Counter failures;
    private final int concurrency;

    public OverdueWatcher(FollowUps followUps, FollowUpViews views, MeterRegistry registry,
            @ConfigProperty(name = WatcherItem.CONCURRENCY_KEY, defaultValue = WatcherItem.DEFAULT_CONCURRENCY) int concurrency,
            @ConfigProperty(name = "kept.watchers.followup-overdue.grace", defaultValue = "PT1H") Duration grace,
            @ConfigProperty(name = "kept.watchers.followup-overdue.batch-size", defaultValue = "500") int batchSize) {
        this.grace = grace;
        this.batchSize = batchSize;
        this.followUps = followUps;
        this.concurrency = concurrency;
        this.views = views;
        this.failures = registry.counter("kept.followups.watcher.failures");
        registry.gauge("kept.followups.due", due);
        registry.gauge("kept.followups.overdue", overdue);
    }

    @Override
    public String name() {
        return "followup-overdue";
    }

    /** One round at {@code now}; answers how many follow-ups it recorded as missed. */
    @Override
    public Uni<Integer> runOnce(Instant now) {
        return WatcherRound.run(views.dueBefore(now.minus(grace)), batchSize, concurrency,
                        new WatcherRound.Check<String, Ran<FollowUpState>>(
                                id -> followUps.execute(id, now, state -> new FollowUpCommand.CheckOverdue(now, grace)),
                                outcome -> outcome.appended().size(), outcome -> { }, id -> "follow-up " + id, failures))
                .map(WatcherRound.Done::appended)
                .call(missed -> views.openCounts().invoke(counts -> {
                    due.set(counts[0]);
                    overdue.set(counts[1]);
                }));
    }
}
