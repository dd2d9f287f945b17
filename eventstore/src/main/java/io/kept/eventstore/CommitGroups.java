package io.kept.eventstore;

import io.kept.eventstore.outbox.OutboxWakeup;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Metrics;
import io.quarkus.arc.Arc;
import io.quarkus.arc.ArcContainer;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.core.Context;
import io.vertx.mutiny.sqlclient.SqlConnection;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Group commit: the units of work of concurrent commands on different streams share one transaction and one commit.
 *
 * <p>A command that opens its own unit of work (a request, a watcher's item) is queued in a lane, chosen by its stream,
 * so that the commands of one stream always meet in the same lane. A lane runs one group at a time: it takes what is
 * queued (at most {@code kept.commit-groups.max-size}, and never a stream twice: a second command on a stream waits for
 * the next group), runs every command of the group at once on one connection in one transaction (their statements
 * pipelined, not one round trip after the other) and commits once. While a group runs, the next one gathers, so there is
 * no waiting window: an idle lane runs a lone command at once, and a busy one groups what arrived meanwhile.
 *
 * <p>What a client sees does not change. A command is answered only after the commit that holds it. When any command of
 * a group fails (a conflict, a rule it breaks, the database), nothing of the group is kept: the transaction is rolled
 * back and every command of the group runs again alone, in a transaction of its own, as it would have without grouping,
 * so one command's failure is never another's. A group whose commit fails is run alone the same way. Once queued, a
 * command runs to its end even if its caller stops waiting (as {@link UnitOfWork} promises).
 *
 * <p>A command runs on a duplicated context of the group's, not its caller's: what it reads of its caller must be
 * captured before it is queued (as every command of {@link CommandRunner} does), never looked up from request-scoped
 * beans while it runs.
 */
final class CommitGroups {

    static final String ENABLED = "kept.commit-groups.enabled";
    static final String LANES = "kept.commit-groups.lanes";
    static final String MAX_SIZE = "kept.commit-groups.max-size";

    private static volatile Groups groups;

    private CommitGroups() {
    }

    /** Whether commands group at all ({@value #ENABLED}, true unless configured otherwise). */
    static boolean enabled() {
        return current() != null;
    }

    /**
     * Runs {@code work} in a group's transaction, or alone when it fails there; answers on {@code caller}, the
     * duplicated context it was submitted from.
     */
    static <T> Uni<T> submit(Object stream, Context caller, Supplier<Uni<T>> work) {
        Groups g = current();
        return Uni.createFrom().emitter(emitter -> g.lane(stream).add(new Entry<>(stream, caller, work, emitter)));
    }

    /** The groups of the running application; made anew when a test restarts it in the same JVM. */
    private static Groups current() {
        ArcContainer container = Arc.container();
        Groups g = groups;
        if (g == null || g.container != container) {
            synchronized (CommitGroups.class) {
                g = groups;
                if (g == null || g.container != container) {
                    g = new Groups(container, ConfigProvider.getConfig());
                    groups = g;
                }
            }
        }
        return g.enabled ? g : null;
    }

    private static final class Groups {
        final ArcContainer container;
        final boolean enabled;
        final int maxSize;
        final Lane[] lanes;
        final DistributionSummary sizes;
        final Counter alone;

        Groups(ArcContainer container, Config config) {
            this.container = container;
            this.enabled = config.getOptionalValue(ENABLED, Boolean.class).orElse(true);
            this.maxSize = Math.max(1, config.getOptionalValue(MAX_SIZE, Integer.class).orElse(64));
            int count = Math.max(1, config.getOptionalValue(LANES, Integer.class).orElse(4));
            this.sizes = DistributionSummary.builder("kept.commit.group.size")
                    .description("Commands committed together in one transaction").register(Metrics.globalRegistry);
            this.alone = Counter.builder("kept.commit.group.reruns")
                    .description("Commands run again alone because a command of their group failed")
                    .register(Metrics.globalRegistry);
            this.lanes = new Lane[count];
            for (int i = 0; i < count; i++) {
                lanes[i] = new Lane(this);
            }
        }

        Lane lane(Object stream) {
            return lanes[Math.floorMod(stream.hashCode(), lanes.length)];
        }
    }

    /** One command waiting for, or running in, a group. */
    private static final class Entry<T> {
        final Object stream;
        final Context caller;
        final Supplier<Uni<T>> work;
        final UniEmitter<? super T> emitter;
        T result;

        Entry(Object stream, Context caller, Supplier<Uni<T>> work, UniEmitter<? super T> emitter) {
            this.stream = stream;
            this.caller = caller;
            this.work = work;
            this.emitter = emitter;
        }

        /** This command's part of the group: its work, its result kept until the group commits. */
        Uni<Void> inGroup() {
            return Uni.createFrom().deferred(work::get).invoke(item -> result = item).replaceWithVoid();
        }

        void succeed() {
            T item = result;
            caller.runOnContext(v -> emitter.complete(item));
        }

        /**
         * Runs alone, in a transaction of its own on a duplicated context of its own (its caller's may run other
         * commands at the same time, as a batch of CloudEvents does); answers when it has.
         */
        Uni<Void> alone() {
            return UnitOfWork.onOwnContext(caller, () -> UnitOfWork.held(work))
                    .onItemOrFailure().invoke((item, failure) -> {
                        if (failure == null) {
                            OutboxWakeup.committed();
                        }
                        caller.runOnContext(v -> {
                            if (failure == null) {
                                emitter.complete(item);
                            } else {
                                emitter.fail(failure);
                            }
                        });
                    })
                    .onFailure().recoverWithNull()
                    .replaceWithVoid();
        }
    }

    /** Runs groups one after the other for the streams that hash to it. */
    private static final class Lane {
        private final Groups groups;
        private final ConcurrentLinkedQueue<Entry<?>> queue = new ConcurrentLinkedQueue<>();
        private final AtomicBoolean running = new AtomicBoolean();

        Lane(Groups groups) {
            this.groups = groups;
        }

        void add(Entry<?> entry) {
            queue.add(entry);
            if (running.compareAndSet(false, true)) {
                next();
            }
        }

        /** Runs the next group, or stops when nothing waits. Only the lane's one runner calls this. */
        private void next() {
            while (true) {
                List<Entry<?>> group = take();
                if (!group.isEmpty()) {
                    // On the event loop of the group's first command: the groups of a lane go where their callers are.
                    Context own = VertxContext.createNewDuplicatedContext(group.get(0).caller);
                    // run() never fails: a group that cannot even start runs each of its commands alone.
                    own.runOnContext(v -> Uni.createFrom().deferred(() -> run(group, own))
                            .subscribe().with(done -> next(), failure -> next()));
                    return;
                }
                running.set(false);
                // A command queued after take() found the queue empty but the lane still running: run it now.
                if (queue.isEmpty() || !running.compareAndSet(false, true)) {
                    return;
                }
            }
        }

        /** What is queued, in order, up to the group's size and up to the first stream already in the group. */
        private List<Entry<?>> take() {
            List<Entry<?>> group = new ArrayList<>();
            Set<Object> streams = new HashSet<>();
            for (Entry<?> head = queue.peek(); head != null && group.size() < groups.maxSize; head = queue.peek()) {
                if (!streams.add(head.stream)) {
                    break;
                }
                group.add(queue.poll());
            }
            return group;
        }

        /** One group, answered: committed together, or each command run again alone. */
        private Uni<Void> run(List<Entry<?>> group, Context own) {
            groups.sizes.record(group.size());
            if (group.size() == 1) {
                return group.get(0).alone();
            }
            return Uni.createFrom().deferred(() -> together(group, own))
                    .invoke(() -> {
                        OutboxWakeup.committed();
                        group.forEach(Entry::succeed);
                    })
                    .onFailure().recoverWithUni(failure -> {
                        groups.alone.increment(group.size());
                        return Uni.join().all(group.stream().map(Entry::alone).toList()).andCollectFailures()
                                .replaceWithVoid();
                    });
        }

        /** Every command of the group at once, on one connection held on {@code own}, in one transaction. */
        private static Uni<Void> together(List<Entry<?>> group, Context own) {
            return Db.pool().withTransaction((SqlConnection connection) -> {
                Db.hold(own, connection);
                return Uni.join().all(group.stream().map(Entry::inGroup).toList()).andCollectFailures()
                        .replaceWithVoid()
                        .eventually(() -> Db.release(own));
            });
        }
    }
}
