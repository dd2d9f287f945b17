package io.kept.recovery.listener;

import io.kept.events.EventType;
import io.kept.events.guarantee.GuaranteeDefined;
import io.kept.events.guarantee.GuaranteeRevised;
import io.kept.events.promise.PromiseBreachRetracted;
import io.kept.events.promise.PromiseBroken;
import io.kept.events.promise.PromiseKept;
import io.kept.events.promise.PromiseMade;
import io.kept.eventstore.CommandRunner.Ran;
import io.kept.eventstore.Consumption;
import io.kept.eventstore.IdempotentConsumer;
import io.kept.eventstore.IncomingEvent;
import io.kept.eventstore.UnitOfWork;
import io.kept.eventstore.deadletter.Redrivable;
import io.kept.recovery.domain.RecoveryState;
import io.kept.recovery.service.Recoveries;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Consumes {@code kept.promise-events}: remembers who each promise was made to, opens exactly one
 * recovery per broken promise and withdraws it when the breach is retracted, and counts a promise kept late as a
 * failure for the customer's trust budget, by the guarantee's own budget when it names one. A poll at a time, in
 * one transaction; each event is handled once (its id is recorded in that transaction); a poll
 * holding a record that is not a Kept CloudEvent, or cannot be applied, is handled again one
 * record at a time, that record goes to {@code kept.promise-events.dlq} with the reason and the
 * consumer goes on.
 */
@ApplicationScoped
public class PromiseEventsListener implements Redrivable {

    public static final String CHANNEL = "promise-events";
    public static final String CONSUMER = "recovery-service/promise-events";
    private static final Set<EventType> HANDLED =
            EnumSet.of(EventType.PROMISE_MADE, EventType.PROMISE_BROKEN, EventType.PROMISE_BREACH_RETRACTED,
                    EventType.GUARANTEE_DEFINED, EventType.GUARANTEE_REVISED);

    private final Consumption consumption;
    private final IdempotentConsumer consumer;
    private final Recoveries recoveries;

    public PromiseEventsListener(Consumption consumption, IdempotentConsumer consumer, Recoveries recoveries) {
        this.consumption = consumption;
        this.consumer = consumer;
        this.recoveries = recoveries;
    }

    @Incoming(CHANNEL)
    public Uni<Void> consume(KafkaRecordBatch<String, String> poll) {
        return consumption.consumeBatch(CHANNEL, poll, this::handleAll, this::handle);
    }

    @Override
    public Set<String> channels() {
        return Set.of(CHANNEL);
    }

    @Override
    public Uni<?> redrive(String channel, IncomingEvent event) {
        return handle(event);
    }

    /**
     * A poll in one transaction: its ids recorded with one statement, its promises made remembered with one more,
     * then each other new event applied in order. The promises made may go first: every other event reads the facts
     * of its own promise only, which its promise.made (earlier in the same stream, so in this poll or an earlier one)
     * wrote before it either way.
     */
    private Uni<Void> handleAll(List<IncomingEvent> events) {
        List<IncomingEvent> handled = events.stream().filter(PromiseEventsListener::needed).toList();
        if (handled.isEmpty()) {
            return Uni.createFrom().voidItem(); // nothing this consumer uses: no transaction
        }
        List<Ran<RecoveryState>> outcomes = new ArrayList<>();
        return UnitOfWork.transaction(() -> consumer.newOnes(CONSUMER, handled).flatMap(fresh -> {
                    List<PromiseMade> made = new ArrayList<>();
                    List<IncomingEvent> rest = new ArrayList<>();
                    for (IncomingEvent event : fresh) {
                        if (event.type() == EventType.PROMISE_MADE) {
                            made.add(event.payload(PromiseMade.class));
                        } else {
                            rest.add(event);
                        }
                    }
                    Uni<Void> chain = recoveries.promisesMade(made);
                    for (IncomingEvent event : rest) {
                        chain = chain.chain(() -> apply(event, outcomes).replaceWithVoid());
                    }
                    return chain;
                }))
                .invoke(() -> outcomes.forEach(recoveries::measure));
    }

    private Uni<Void> handle(IncomingEvent event) {
        if (!needed(event)) {
            // kept in time, at-risk, paused, resumed, cancelled: nothing to do, so nothing to record either.
            return Uni.createFrom().voidItem();
        }
        List<Ran<RecoveryState>> outcomes = new ArrayList<>();
        return consumer.once(CONSUMER, event.eventId(), () -> apply(event, outcomes))
                .invoke(() -> outcomes.forEach(recoveries::measure)).replaceWithVoid();
    }

    /**
     * Made, broken, retracted, kept late (a failure for the trust budget), and a guarantee's definitions (its own trust
     * budget, if it names one); nothing else touches the database.
     */
    private static boolean needed(IncomingEvent event) {
        if (event.type() != EventType.PROMISE_KEPT) {
            return HANDLED.contains(event.type());
        }
        try {
            return event.payload(PromiseKept.class).late();
        } catch (RuntimeException unreadable) {
            return true; // applying it fails where a failure is handled: retried, or dead-lettered with its reason
        }
    }

    private Uni<?> apply(IncomingEvent event, List<Ran<RecoveryState>> outcomes) {
        return switch (event.type()) {
            case PROMISE_MADE -> recoveries.promiseMade(event.payload(PromiseMade.class));
            case PROMISE_BROKEN -> recoveries.promiseBroken(event.payload(PromiseBroken.class)).invoke(outcomes::add);
            case PROMISE_KEPT -> recoveries.promiseKeptLate(event.payload(PromiseKept.class));
            case GUARANTEE_DEFINED -> {
                GuaranteeDefined defined = event.payload(GuaranteeDefined.class);
                yield recoveries.guaranteeBudget(defined.guaranteeId(), defined.version(), defined.trustBudget());
            }
            case GUARANTEE_REVISED -> {
                GuaranteeRevised revised = event.payload(GuaranteeRevised.class);
                yield recoveries.guaranteeBudget(revised.guaranteeId(), revised.version(), revised.trustBudget());
            }
            case PROMISE_BREACH_RETRACTED -> {
                PromiseBreachRetracted retracted = event.payload(PromiseBreachRetracted.class);
                yield recoveries.breachRetracted(retracted.promiseId(), retracted.retractedAt(),
                        "breach retracted: " + retracted.reason());
            }
            default -> Uni.createFrom().voidItem();
        };
    }
}
