package io.kept.analytics.rebuild;

import io.kept.analytics.projection.Projections;
import io.kept.eventstore.EventStoreConfig;
import io.kept.eventstore.KafkaConnection;
import io.kept.eventstore.domain.DomainException;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;

/**
 * A rebuild of every projection from the topics, while the live tables keep serving: one at a time across every
 * replica ({@link RebuildLock}), on a thread of its own, in three steps.
 * <ol>
 * <li>{@link ShadowTables}: empty copies of the live tables are created.</li>
 * <li>{@link Replay}: all three topics are replayed into them from the beginning, then caught up in rounds; this
 * replica's live consumers wait meanwhile ({@link #finished()}), so that the replay has the machine to itself.</li>
 * <li>{@link Swap}: in one transaction, the replay reads to the end and the live tables are filled from the shadow.</li>
 * </ol>
 * A failure at any step rolls back and leaves the live tables as they were; the shadow tables go however it ended.
 * This class is the job's life (start, the live consumers' wait, the end) and its progress ({@link RebuildProgress}).
 */
@ApplicationScoped
public class RebuildJob {

    private static final Duration YIELD_CHECK = Duration.ofMillis(200);

    private final DataSource dataSource;
    private final KafkaConnection kafka;
    private final Clock clock;
    private final RebuildConnections connections;
    private final ShadowTables shadow;
    private final Projections shadowProjections;
    private final Swap swap;
    private final RebuildProgress progress;

    private final AtomicBoolean running = new AtomicBoolean();
    private volatile Thread worker;
    private volatile boolean stopping;
    private volatile RebuildLock lock;

    public RebuildJob(DataSource dataSource, KafkaConnection kafka, Clock clock, EventStoreConfig config,
            MeterRegistry registry) {
        this.dataSource = dataSource;
        this.kafka = kafka;
        this.clock = clock;
        this.connections = new RebuildConnections(dataSource);
        this.shadow = new ShadowTables(connections, config.schema());
        this.shadowProjections = new Projections(shadow.tables());
        this.swap = new Swap(connections, shadow);
        this.progress = new RebuildProgress(clock);
        Gauge.builder("kept.analytics.rebuild.running", running, r -> r.get() ? 1 : 0)
                .description("1 while a projection rebuild runs").register(registry);
        Gauge.builder("kept.analytics.rebuild.progress", progress, p -> p.status().progress())
                .description("Share of the records to replay that the last rebuild has read (0 to 1)").register(registry);
        Gauge.builder("kept.analytics.rebuild.records.read", progress, RebuildProgress::recordsRead)
                .description("Records the last rebuild has read").register(registry);
        Gauge.builder("kept.analytics.rebuild.events.applied", progress, RebuildProgress::eventsApplied)
                .description("Distinct events the last rebuild has projected").register(registry);
    }

    /** Starts a rebuild in the background; one at a time. */
    public RebuildStatus start() {
        if (!running.compareAndSet(false, true)) {
            throw DomainException.illegalTransition("A rebuild is already running (started " + progress.startedAt()
                    + "); follow it at GET /analytics/rebuild");
        }
        try {
            lock = RebuildLock.acquire(dataSource);
        } catch (RuntimeException e) {
            running.set(false);
            throw e;
        }
        progress.started();
        Thread thread = new Thread(this::run, "kept-analytics-rebuild");
        thread.setDaemon(true);
        worker = thread;
        try {
            thread.start();
        } catch (RuntimeException | Error e) {
            // Left running, the live consumers would wait for a rebuild that never started.
            progress.failed(e.toString());
            ended();
            throw e;
        }
        return status();
    }

    /**
     * Completes, on the caller's Vert.x context, once no rebuild runs in this replica: the live consumers wait for it
     * before each poll, so that the rebuild has the machine to itself. What arrives meanwhile waits in Kafka and is
     * projected after the swap, skipping what the rebuild projected; the live tables keep their rows until then, and
     * their freshness ({@code GET /analytics/lag}) shows the wait.
     */
    public Uni<Void> finished() {
        if (!running.get()) {
            return Uni.createFrom().voidItem();
        }
        Context context = Vertx.currentContext();
        if (context == null) {
            // Nothing to wait on: go on as if no rebuild ran (the swap skips what the rebuild projected either way),
            // rather than fail the poll, which would dead-letter it.
            return Uni.createFrom().voidItem();
        }
        return Uni.createFrom().emitter(waiting -> checkFinished(context, waiting));
    }

    private void checkFinished(Context context, UniEmitter<? super Void> waiting) {
        if (!running.get()) {
            waiting.complete(null);
        } else {
            context.owner().setTimer(YIELD_CHECK.toMillis(), timer -> context.runOnContext(v -> checkFinished(context, waiting)));
        }
    }

    public RebuildStatus status() {
        return progress.status();
    }

    private void run() {
        try (Replay replay = new Replay(kafka, connections, shadowProjections, clock, progress, () -> stopping)) {
            shadow.create();
            replay.assignFromBeginning();
            progress.phase("replaying");
            replay.toEndAtStart();
            progress.phase("catching-up");
            replay.catchUp();
            progress.phase("swapping");
            swap.run(replay);
            progress.succeeded();
            Log.infof("Projection rebuild done: %d records read, %d events projected, %d duplicates, %d unreadable",
                    progress.recordsRead(), progress.eventsApplied(), progress.duplicates(), progress.unreadableRecords());
        } catch (Exception e) {
            progress.failed(e.getMessage() == null ? e.toString() : e.getMessage());
            Log.errorf(e, "Projection rebuild failed; the live projections are unchanged");
        } finally {
            shadow.drop();
            ended();
        }
    }

    /** A rebuild is over, however it ended: the lock goes, and the live consumers go on. */
    private void ended() {
        RebuildLock held = lock;
        lock = null;
        if (held != null) {
            held.release();
        }
        progress.finished();
        worker = null;
        running.set(false);
    }

    @PreDestroy
    void stop() throws InterruptedException {
        stopping = true;
        Thread thread = worker;
        if (thread != null) {
            thread.join(Duration.ofSeconds(10).toMillis());
        }
    }
}
