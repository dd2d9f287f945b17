package io.kept.followup.service;

import io.kept.events.StreamKind;
import io.kept.events.customer.CustomerReturned;
import io.kept.events.followup.FollowUpCompleted;
import io.kept.events.followup.FollowUpScheduled;
import io.kept.events.recovery.RecoveryAbandoned;
import io.kept.events.recovery.RecoveryOpened;
import io.kept.events.recovery.RecoveryResolved;
import io.kept.eventstore.AppendResult;
import io.kept.eventstore.CommandRunner;
import io.kept.eventstore.CommandRunner.Ran;
import io.kept.eventstore.EventStore;
import io.kept.eventstore.ExpectedVersion;
import io.kept.eventstore.NewEvent;
import io.kept.eventstore.StoredEvent;
import io.kept.eventstore.StreamCommands;
import io.kept.eventstore.StreamId;
import io.kept.followup.config.FollowUpConfig;
import io.kept.followup.domain.FollowUpAggregate;
import io.kept.followup.domain.FollowUpCommand;
import io.kept.followup.domain.FollowUpState;
import io.kept.followup.store.FollowUpViews;
import io.kept.followup.store.RecoveryFacts;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/** Follow-up commands and reads, and the customer-returned signal. */
@ApplicationScoped
public class FollowUps {

    private final EventStore store;
    private final StreamCommands<FollowUpState, FollowUpCommand> commands;
    private final FollowUpViews views;
    private final FollowUpConfig config;
    private final MeterRegistry registry;
    private final RecoveryFacts facts;

    public FollowUps(EventStore store, CommandRunner runner, FollowUpViews views, FollowUpConfig config, MeterRegistry registry,
            RecoveryFacts facts) {
        this.store = store;
        this.commands = new StreamCommands<>(runner, StreamKind.FOLLOWUP, FollowUpAggregate.INSTANCE, "Follow-up",
                this::save, (id, payload) -> id + "/" + payload.getClass().getSimpleName());
        this.views = views;
        this.config = config;
        this.registry = registry;
        this.facts = facts;
    }

    /** Remembers whom a recovery is for. Runs inside the consumer's transaction. */
    public Uni<Void> recoveryOpened(RecoveryOpened opened) {
        return facts.opened(opened);
    }

    /** Schedules the follow-ups of a resolved recovery by policy. Runs inside the consumer's transaction. */
    public Uni<Void> recoveryResolved(RecoveryResolved resolved) {
        return facts.of(resolved.recoveryId()).flatMap(r -> scheduleAll(config.policy()
                .afterResolved(resolved.recoveryId(), r.customerId(), r.guaranteeId(), resolved.resolvedAt()),
                resolved.resolvedAt()));
    }

    /** An abandoned recovery still gets a check-in. Runs inside the consumer's transaction. */
    public Uni<Void> recoveryAbandoned(RecoveryAbandoned abandoned) {
        return facts.of(abandoned.recoveryId()).flatMap(r -> scheduleAll(config.policy()
                .afterAbandoned(abandoned.recoveryId(), r.customerId(), r.guaranteeId(), abandoned.abandonedAt()),
                abandoned.abandonedAt()));
    }

    /** Schedules follow-ups; they happen when the recovery ended ({@code at}), they fall due later. */
    private Uni<Void> scheduleAll(List<FollowUpScheduled> followUps, Instant at) {
        return Multi.createFrom().iterable(followUps)
                .onItem().transformToUniAndConcatenate(f -> execute(f.followUpId(), at,
                        state -> new FollowUpCommand.Schedule(f)))
                .collect().last()
                .replaceWithVoid();
    }

    /**
     * Runs a client's command on an existing follow-up at {@code at}, or now when the client gave no time; with an
     * {@code eventId} a retry changes nothing.
     */
    public Uni<Ran<FollowUpState>> act(String followUpId, UUID eventId, Instant at, Function<Instant, FollowUpCommand> command) {
        return commands.act(followUpId, eventId, at, command).invoke(this::measure);
    }

    public Uni<Ran<FollowUpState>> get(String followUpId) {
        return commands.get(followUpId);
    }

    /**
     * Runs a system-driven command (the consumer, the overdue watcher) in the caller's transaction,
     * with event ids derived from the follow-up and the event type, so a replay appends nothing twice.
     */
    public Uni<Ran<FollowUpState>> execute(String followUpId, Instant at, Function<FollowUpState, FollowUpCommand> command) {
        return commands.execute(followUpId, at, command);
    }

    /** The view row of a follow-up after a command, with the answer when the command completed it. */
    private Uni<?> save(Ran<FollowUpState> ran) {
        FollowUpCompleted completed = ran.appended().stream().map(StoredEvent::payload)
                .filter(FollowUpCompleted.class::isInstance).map(FollowUpCompleted.class::cast)
                .findFirst().orElse(null);
        return views.save(ran.state(), ran.version(), completed == null ? null : completed.satisfied(),
                completed == null ? null : completed.score());
    }


    /**
     * Records that a customer came back. Idempotent by {@code reference}: the same reference for
     * the same customer is the same fact, answered as first recorded.
     */
    public Uni<AppendResult> customerReturned(String customerId, Instant at, String reference) {
        UUID eventId = reference == null ? UUID.randomUUID()
                : UUID.nameUUIDFromBytes(("returned/" + customerId + "/" + reference).getBytes(StandardCharsets.UTF_8));
        return store.append(StreamId.of(StreamKind.CUSTOMER, customerId), ExpectedVersion.any(),
                List.of(new NewEvent(eventId, new CustomerReturned(customerId, at, reference), at, Map.of())));
    }

    /** After commit: completions and satisfaction scores. */
    void measure(Ran<FollowUpState> outcome) {
        for (StoredEvent event : outcome.appended()) {
            if (event.payload() instanceof FollowUpCompleted completed) {
                String kind = outcome.state().scheduled().kind().value();
                registry.counter("kept.followups.completed", "kind", kind, "satisfied",
                        Boolean.toString(completed.satisfied())).increment();
                DistributionSummary.builder("kept.followups.satisfaction").tag("kind", kind)
                        .publishPercentileHistogram().register(registry).record(completed.score());
            }
        }
    }
}
