package io.kept.promise.watcher;

import io.kept.events.EventPayload;
import io.kept.events.StreamKind;
import io.kept.events.promise.PromiseAtRisk;
import io.kept.events.promise.PromiseBroken;
import io.kept.eventstore.CommandRunner;
import io.kept.eventstore.CommandRunner.Run;
import io.kept.eventstore.EventIds;
import io.kept.eventstore.StoredEvent;
import io.kept.eventstore.StreamId;
import io.kept.eventstore.Watcher;
import io.kept.eventstore.WatcherItem;
import io.kept.eventstore.WatcherRound;
import io.kept.promise.config.WatcherConfig;
import io.kept.promise.domain.PromiseAggregate;
import io.kept.promise.domain.PromiseCommand;
import io.kept.promise.domain.PromiseState;
import io.kept.promise.store.PromiseViews;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Breaks open promises still open at their due time plus grace ({@code promise.broken}, cause
 * {@code deadline-missed}) and warns once when an open promise passes its at-risk point.
 *
 * <p>Every replica may run it: replicas claim different promises, a chunk of {@code kept.watchers.deadline.batch-size} at a
 * time, decide and append a chunk together, and go on while chunks come back full ({@link WatcherRound}). The events it
 * emits have ids derived from the promise and its due time, and it appends at the version it loaded, so when two
 * watchers still race for a promise the loser appends nothing.
 */
@ApplicationScoped
public class DeadlineWatcher implements Watcher {

    private final WatcherConfig config;
    private final CommandRunner runner;
    private final PromiseViews views;
    private final MeterRegistry registry;
    private final AtomicLong lagMillis = new AtomicLong();
    private final Counter failures;
    private final int concurrency;

    public DeadlineWatcher(WatcherConfig config, CommandRunner runner, PromiseViews views, MeterRegistry registry,
            @ConfigProperty(name = WatcherItem.CONCURRENCY_KEY, defaultValue = WatcherItem.DEFAULT_CONCURRENCY) int concurrency) {
        this.config = config;
        this.concurrency = concurrency;
        this.runner = runner;
        this.views = views;
        this.registry = registry;
        this.failures = registry.counter("kept.watcher.failures");
        registry.gauge("kept.watcher.lag.seconds", lagMillis, v -> v.get() / 1000.0);
    }

    @Override
    public String name() {
        return "deadline";
    }

    /**
     * One round at {@code now}: checks every open promise that is due (past grace) or at risk.
     *
     * @return how many events the round appended
     */
    @Override
    public Uni<Integer> runOnce(Instant now) {
        Instant dueBefore = now.minus(config.grace());
        return WatcherRound.run(views.dueOrAtRisk(dueBefore, now), config.batchSize(), concurrency,
                        new WatcherRound.Check<PromiseViews.Candidate, CommandRunner.Ran<PromiseState>>(
                                c -> check(c.promiseId(), c.atRiskFraction(), now), ran -> ran.appended().size(),
                                ran -> count(ran.appended()), c -> "promise " + c.promiseId(), failures))
                .map(WatcherRound.Done::appended)
                .call(appended -> views.oldestOverdue(dueBefore).invoke(oldest -> lagMillis.set(
                        oldest == null ? 0 : Duration.between(oldest.plus(config.grace()), now).toMillis())));
    }

    private Uni<CommandRunner.Ran<PromiseState>> check(String promiseId, double atRiskFraction, Instant now) {
        StreamId stream = StreamId.of(StreamKind.PROMISE, promiseId);
        PromiseCommand.CheckDeadline command = new PromiseCommand.CheckDeadline(now, config.grace(), atRiskFraction,
                config.category(), config.severity());
        return runner.run(Run.on(stream, PromiseAggregate.INSTANCE).command(state -> command)
                .ids(EventIds.derived(payload -> deadlineKey(promiseId, payload))).at(DeadlineWatcher::occurredAt)
                .view(ran -> views.save(ran.state(), ran.version(), atRiskFraction)));
    }

    private void count(List<StoredEvent> appended) {
        for (StoredEvent event : appended) {
            if (event.payload() instanceof PromiseBroken) {
                registry.counter("kept.watcher.breaches").increment();
            } else if (event.payload() instanceof PromiseAtRisk) {
                registry.counter("kept.watcher.at.risk").increment();
            }
        }
    }

    private static Instant occurredAt(EventPayload payload) {
        if (payload instanceof PromiseBroken broken) {
            return broken.brokenAt();
        }
        if (payload instanceof PromiseAtRisk atRisk) {
            return atRisk.at();
        }
        throw new IllegalStateException("The watcher does not emit " + payload);
    }

    /** The same fact about the same deadline always gets the same key, so the same id, whichever watcher finds it. */
    private static String deadlineKey(String promiseId, EventPayload payload) {
        return payload instanceof PromiseBroken broken
                ? "deadline-missed/" + promiseId + "/" + broken.brokenAt()
                : "at-risk/" + promiseId + "/" + ((PromiseAtRisk) payload).dueAt();
    }
}
