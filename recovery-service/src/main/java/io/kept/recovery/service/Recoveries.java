package io.kept.recovery.service;

import io.kept.events.EventPayload;
import io.kept.events.StreamKind;
import io.kept.events.TrustBudget;
import io.kept.events.promise.PromiseBroken;
import io.kept.events.promise.PromiseKept;
import io.kept.events.promise.PromiseMade;
import io.kept.events.recovery.RecoveryAcknowledged;
import io.kept.events.recovery.RecoveryEscalated;
import io.kept.events.recovery.RecoveryResolved;
import io.kept.eventstore.CommandRunner;
import io.kept.eventstore.CommandRunner.Ran;
import io.kept.eventstore.EventStore;
import io.kept.eventstore.StoredEvent;
import io.kept.eventstore.StreamCommands;
import io.kept.eventstore.StreamId;
import io.kept.recovery.config.RecoveryConfig;
import io.kept.recovery.domain.RecoveryAggregate;
import io.kept.recovery.domain.RecoveryCommand;
import io.kept.recovery.domain.RecoveryState;
import io.kept.recovery.store.CustomerFailures;
import io.kept.recovery.store.RecoveryViews;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/** Recovery commands and reads; the event store is the truth, the {@code recoveries} view follows it. */
@ApplicationScoped
public class Recoveries {

    private final EventStore store;
    private final StreamCommands<RecoveryState, RecoveryCommand> commands;
    private final RecoveryViews views;
    private final RecoveryConfig config;
    private final MeterRegistry registry;
    private final CustomerFailures failures;
    private final TrustBudget trust;

    public Recoveries(EventStore store, CommandRunner runner, RecoveryViews views, RecoveryConfig config, MeterRegistry registry,
            CustomerFailures failures, TrustBudget trust) {
        this.store = store;
        this.failures = failures;
        this.commands = new StreamCommands<>(runner, StreamKind.RECOVERY, RecoveryAggregate.INSTANCE, "Recovery",
                ran -> views.save(ran.state(), ran.version()), Recoveries::derivedKey);
        this.views = views;
        this.config = config;
        this.registry = registry;
        this.trust = config.lookBack().map(lookBack -> {
            Log.warnf("kept.recovery.look-back is deprecated and will be ignored in the next release: set kept.trust.window"
                    + " (analytics-service's trust budget reads it too). Using %s as the trust window for now.", lookBack);
            return new TrustBudget(trust.failures(), lookBack);
        }).orElse(trust);
    }


    /** The recovery of a promise always has the same id, so redelivery and replay open nothing twice. */
    public static String recoveryIdFor(String promiseId) {
        return UUID.nameUUIDFromBytes(("recovery/" + promiseId).getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** Remembers who a promise was made to. Runs inside the consumer's transaction. */
    public Uni<Void> promiseMade(PromiseMade made) {
        return promisesMade(List.of(made));
    }

    /**
     * Remembers who each of these promises was made to, all with one statement (a poll's promises made, in the
     * consumer's transaction); a promise remembered before is left as it was.
     */
    public Uni<Void> promisesMade(List<PromiseMade> made) {
        return made.isEmpty() ? Uni.createFrom().voidItem() : failures.promisesMade(made);
    }

    /** The trust budget this service escalates by, for every guarantee that does not name its own. */
    public TrustBudget trust() {
        return trust;
    }

    /**
     * Remembers the newest trust budget of a guarantee (null: it shares the configured one). Revisions may arrive out
     * of order with nothing else; the highest version wins. Runs inside the consumer's transaction.
     */
    public Uni<Void> guaranteeBudget(String guaranteeId, int version, TrustBudget own) {
        return failures.guaranteeBudget(guaranteeId, version, own);
    }

    /**
     * A promise kept late is a failure for the customer's trust budget too (no recovery is opened for it). Runs inside
     * the consumer's transaction; a promise whose promise.made was never seen is not counted.
     */
    public Uni<Void> promiseKeptLate(PromiseKept kept) {
        return failures.failedIfKnown(kept.promiseId(), kept.keptAt());
    }

    /**
     * Opens the recovery of a broken promise, counting the customer's earlier failures within the trust budget's
     * window: when they already spent it, the recovery is escalated. The budget is the guarantee's own when it names
     * one (only that guarantee's failures count), else the configured one (the failures of every guarantee without a
     * budget of its own count). Runs inside the consumer's transaction.
     */
    public Uni<Ran<RecoveryState>> promiseBroken(PromiseBroken broken) {
        return failures.promise(broken.promiseId()).flatMap(promise -> {
            TrustBudget budget = promise.ownBudget() != null ? promise.ownBudget() : trust;
            return failures.failedCountingPrior(broken.promiseId(), promise, broken.brokenAt(), budget)
                    .flatMap(prior -> {
                        String recoveryId = recoveryIdFor(broken.promiseId());
                        var open = new RecoveryCommand.Open(recoveryId, broken.promiseId(), promise.customerId(),
                                promise.guaranteeId(), broken.severity(), broken.avoidable(), prior.intValue(), budget,
                                broken.brokenAt(), config.targets());
                        return execute(recoveryId, broken.brokenAt(), state -> open);
                    });
        });
    }

    /** The breach was retracted: the failure no longer counts and its recovery is withdrawn. */
    public Uni<Void> breachRetracted(String promiseId, Instant at, String reason) {
        return failures.retract(promiseId)
                .chain(() -> store.version(StreamId.of(StreamKind.RECOVERY, recoveryIdFor(promiseId))))
                .chain(version -> version == 0
                        ? Uni.createFrom().voidItem()
                        : execute(recoveryIdFor(promiseId), at, state -> new RecoveryCommand.Withdraw(at, reason))
                                .replaceWithVoid());
    }

    /**
     * Runs a client's command on an existing recovery at {@code at}, or now when the client gave no time. With an
     * {@code eventId} the request is idempotent: if that event is already in the history, the recovery is answered as
     * it stands.
     */
    public Uni<Ran<RecoveryState>> act(String recoveryId, UUID eventId, Instant at, Function<Instant, RecoveryCommand> command) {
        return commands.act(recoveryId, eventId, at, command).invoke(this::measure);
    }

    public Uni<Ran<RecoveryState>> get(String recoveryId) {
        return commands.get(recoveryId);
    }

    /**
     * Runs a system-driven command (the consumer, the clock watcher) in the caller's transaction,
     * with event ids derived from the recovery, the event type and reason, so a replay or a racing
     * replica appends nothing twice.
     */
    public Uni<Ran<RecoveryState>> execute(String recoveryId, Instant at, Function<RecoveryState, RecoveryCommand> command) {
        return commands.execute(recoveryId, at, command);
    }

    /** The key of an event the system decided: an escalation is one per reason, anything else one per type. */
    private static String derivedKey(String recoveryId, EventPayload payload) {
        return recoveryId + "/" + (payload instanceof RecoveryEscalated e ? "escalated/" + e.reason().value()
                : payload.getClass().getSimpleName());
    }


    /** After commit: time to acknowledge and resolve, and escalations by reason. */
    public void measure(Ran<RecoveryState> outcome) {
        if (outcome.state().opened() == null) {
            return;
        }
        Instant openedAt = outcome.state().opened().openedAt();
        String severity = outcome.state().opened().severity().value();
        for (StoredEvent event : outcome.appended()) {
            EventPayload payload = event.payload();
            if (payload instanceof RecoveryAcknowledged ack) {
                timer("kept.recovery.acknowledge", severity).record(Duration.between(openedAt, ack.acknowledgedAt()));
            } else if (payload instanceof RecoveryResolved resolved) {
                timer("kept.recovery.resolve", severity).record(Duration.between(openedAt, resolved.resolvedAt()));
            } else if (payload instanceof RecoveryEscalated escalated) {
                registry.counter("kept.recovery.escalations", "reason", escalated.reason().value()).increment();
            }
        }
    }

    private Timer timer(String name, String severity) {
        return Timer.builder(name).tag("severity", severity).publishPercentileHistogram().register(registry);
    }
}
