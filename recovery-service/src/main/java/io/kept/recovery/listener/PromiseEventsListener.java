package io.kept.recovery.listener;

import io.kept.events.EventType;
import io.kept.events.guarantee.GuaranteeDefined;
import io.kept.events.guarantee.GuaranteeRevised;
import io.kept.events.promise.PromiseBreachRetracted;
import io.kept.events.promise.PromiseBroken;
import io.kept.events.promise.PromiseKept;
import io.kept.events.promise.PromiseMade;
import io.kept.eventstore.CommandRunner.Ran;
import io.kept.eventstore.ChannelListener;
import io.kept.eventstore.Consumption;
import io.kept.eventstore.IdempotentConsumer;
import io.kept.eventstore.IncomingEvent;
import io.kept.recovery.domain.RecoveryState;
import io.kept.recovery.service.Recoveries;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.inject.Singleton;
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
@Singleton
public class PromiseEventsListener extends ChannelListener<Ran<RecoveryState>> {

    public static final String CHANNEL = "promise-events";
    public static final String CONSUMER = "recovery-service/promise-events";
    private static final Set<EventType> HANDLED =
            EnumSet.of(EventType.PROMISE_MADE, EventType.PROMISE_BROKEN, EventType.PROMISE_BREACH_RETRACTED,
                    EventType.GUARANTEE_DEFINED, EventType.GUARANTEE_REVISED);

    private final Recoveries recoveries;

    public PromiseEventsListener(Consumption consumption, IdempotentConsumer consumer, Recoveries recoveries) {
        super(CHANNEL, CONSUMER, consumption, consumer);
        this.recoveries = recoveries;
    }

    @Incoming(CHANNEL)
    public Uni<Void> promiseEvents(KafkaRecordBatch<String, String> poll) {
        return consume(poll);
    }

    /**
     * Made, broken, retracted, kept late (a failure for the trust budget), and a guarantee's definitions (its own trust
     * budget, if it names one); kept in time, at-risk, paused, resumed and cancelled touch nothing.
     */
    @Override
    protected boolean needed(IncomingEvent event) {
        if (event.type() != EventType.PROMISE_KEPT) {
            return HANDLED.contains(event.type());
        }
        try {
            return event.payload(PromiseKept.class).late();
        } catch (RuntimeException unreadable) {
            return true; // applying it fails where a failure is handled: retried, or dead-lettered with its reason
        }
    }

    /**
     * A poll's promises made are remembered with one statement, then each other event is applied in order. The
     * promises made may go first: every other event reads the facts of its own promise only, which its promise.made
     * (earlier in the same stream, so in this poll or an earlier one) wrote before it either way.
     */
    @Override
    protected Uni<List<Ran<RecoveryState>>> applyAll(List<IncomingEvent> fresh) {
        List<PromiseMade> made = new ArrayList<>();
        List<IncomingEvent> rest = new ArrayList<>();
        for (IncomingEvent event : fresh) {
            if (event.type() == EventType.PROMISE_MADE) {
                made.add(event.payload(PromiseMade.class));
            } else {
                rest.add(event);
            }
        }
        return recoveries.promisesMade(made).chain(() -> super.applyAll(rest));
    }

    @Override
    protected Uni<Ran<RecoveryState>> apply(IncomingEvent event) {
        return switch (event.type()) {
            case PROMISE_MADE -> nothing(recoveries.promiseMade(event.payload(PromiseMade.class)));
            case PROMISE_BROKEN -> recoveries.promiseBroken(event.payload(PromiseBroken.class));
            case PROMISE_KEPT -> nothing(recoveries.promiseKeptLate(event.payload(PromiseKept.class)));
            case GUARANTEE_DEFINED -> {
                GuaranteeDefined defined = event.payload(GuaranteeDefined.class);
                yield nothing(recoveries.guaranteeBudget(defined.guaranteeId(), defined.version(), defined.trustBudget()));
            }
            case GUARANTEE_REVISED -> {
                GuaranteeRevised revised = event.payload(GuaranteeRevised.class);
                yield nothing(recoveries.guaranteeBudget(revised.guaranteeId(), revised.version(), revised.trustBudget()));
            }
            case PROMISE_BREACH_RETRACTED -> {
                PromiseBreachRetracted retracted = event.payload(PromiseBreachRetracted.class);
                yield nothing(recoveries.breachRetracted(retracted.promiseId(), retracted.retractedAt(),
                        "breach retracted: " + retracted.reason()));
            }
            default -> Uni.createFrom().nullItem();
        };
    }

    /** A recovery opened by a broken promise is measured once it is committed. */
    @Override
    protected void committed(Ran<RecoveryState> opened) {
        recoveries.measure(opened);
    }

    private static Uni<Ran<RecoveryState>> nothing(Uni<Void> work) {
        return work.replaceWith((Ran<RecoveryState>) null);
    }
}
