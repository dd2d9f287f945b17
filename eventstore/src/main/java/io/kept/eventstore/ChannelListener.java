package io.kept.eventstore;

import io.kept.eventstore.deadletter.Redrivable;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A service's consumer of one channel of another service's events, handled as every Kept consumer is
 * ({@link Consumption}): a poll at a time, in one transaction, each event once by its id ({@link IdempotentConsumer});
 * a transient failure is tried again on the same poll; a poll that fails for good is handled again one record at a
 * time, and only a record that can never be applied goes to the channel's DLQ with the reason. A dead letter replayed
 * to it ({@link Redrivable}) is handled as a record on its own.
 *
 * <p>A subclass says which events it uses ({@link #needed}) and applies one ({@link #apply}); its {@code @Incoming}
 * method hands each poll to {@link #consume}. An event it does not use is neither applied nor recorded. A subclass is
 * a {@code @Singleton}: a normal-scoped bean's client proxy would need a no-args constructor this class has not.
 *
 * @param <R> what applying an event answers, seen by {@link #committed} once its transaction has committed
 */
public abstract class ChannelListener<R> implements Redrivable {

    private final String channel;
    private final String consumer;
    private final Consumption consumption;
    private final IdempotentConsumer idempotent;

    /**
     * @param channel the SmallRye channel ({@code mp.messaging.incoming.<channel>.*})
     * @param consumer the name its consumed events are recorded under, {@code <service>/<channel>}
     */
    protected ChannelListener(String channel, String consumer, Consumption consumption, IdempotentConsumer idempotent) {
        this.channel = Objects.requireNonNull(channel, "channel");
        this.consumer = Objects.requireNonNull(consumer, "consumer");
        this.consumption = consumption;
        this.idempotent = idempotent;
    }

    /** Handles one poll of the channel; the subclass' {@code @Incoming} method answers this. */
    protected final Uni<Void> consume(KafkaRecordBatch<String, String> poll) {
        return consumption.consumeBatch(channel, poll, this::all, this::one);
    }

    @Override
    public final Set<String> channels() {
        return Set.of(channel);
    }

    @Override
    public final Uni<?> redrive(String channel, IncomingEvent event) {
        return one(event);
    }

    /** Whether this consumer does anything with {@code event}. */
    protected abstract boolean needed(IncomingEvent event);

    /** Applies one new event in the caller's transaction; answers what {@link #committed} sees, or null. */
    protected abstract Uni<R> apply(IncomingEvent event);

    /**
     * Applies a poll's new events in the caller's transaction, in order, and answers what each answered. A subclass
     * may do the same work in fewer statements, as long as the end is the same as one event after another.
     */
    protected Uni<List<R>> applyAll(List<IncomingEvent> fresh) {
        List<R> results = new ArrayList<>();
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (IncomingEvent event : fresh) {
            chain = chain.chain(() -> apply(event).invoke(results::add).replaceWithVoid());
        }
        return chain.map(done -> results);
    }

    /** Sees what an applied event answered, once it is committed (metrics); nothing by default. */
    protected void committed(R result) {
    }

    private Uni<Void> all(List<IncomingEvent> events) {
        List<IncomingEvent> used = events.stream().filter(this::needed).toList();
        if (used.isEmpty()) {
            return Uni.createFrom().voidItem(); // nothing this consumer uses: no transaction
        }
        return UnitOfWork.transaction(() -> idempotent.newOnes(consumer, used).flatMap(this::applyAll))
                .invoke(results -> results.forEach(this::seen))
                .replaceWithVoid();
    }

    private Uni<Void> one(IncomingEvent event) {
        if (!needed(event)) {
            return Uni.createFrom().voidItem(); // nothing to do, so nothing to record either
        }
        AtomicReference<R> result = new AtomicReference<>();
        return idempotent.once(consumer, event.eventId(), () -> apply(event).invoke(result::set))
                .invoke(() -> seen(result.get()))
                .replaceWithVoid();
    }

    private void seen(R result) {
        if (result != null) {
            committed(result);
        }
    }
}
