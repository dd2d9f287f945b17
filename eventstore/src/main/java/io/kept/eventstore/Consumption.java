package io.kept.eventstore;

import io.kept.eventstore.deadletter.DeadLetterException;
import io.kept.eventstore.deadletter.DeadLetters;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * How every Kept consumer handles a record: acknowledged when its handler succeeds; dead-lettered with the reason
 * only when it is proven {@link Poison} (it does not read as a Kept CloudEvent, or the domain refuses it for good);
 * after any other failure (the database away in any of its forms, a failover, a conflict, a timeout, a bug) tried
 * again with backoff, on the same record and without moving past it, for as long as it takes.
 *
 * <p>A channel consumes one poll at a time ({@link #consumeBatch}), so a record being
 * retried holds back the ones behind it on its channel: order is kept and nothing is skipped. {@link #retrying()} says which
 * channels are retrying, since when and why (readiness check {@code kept-consumers}).
 */
@ApplicationScoped
public class Consumption {

    /** A channel retrying one record: since when, how often, and the last reason. */
    public record Retrying(String record, Instant since, int attempts, String reason) {
    }

    private final Map<String, Retrying> retrying = new ConcurrentHashMap<>();
    private final Map<String, Counter> retries = new ConcurrentHashMap<>();
    private final Map<String, Counter> deadLettered = new ConcurrentHashMap<>();
    private final MeterRegistry registry;
    private final String service;
    private final Clock clock;
    private final Duration initialBackoff;
    private final Duration maxBackoff;

    public Consumption(MeterRegistry registry, @ConfigProperty(name = "quarkus.application.name") String service,
            @ConfigProperty(name = "kept.consumer.retry.initial-backoff", defaultValue = "PT0.1S") Duration initialBackoff,
            @ConfigProperty(name = "kept.consumer.retry.max-backoff", defaultValue = "PT5S") Duration maxBackoff) {
        this.registry = registry;
        this.service = service;
        // How long a record has been retried is wall-clock time, not the domain clock a test may freeze.
        this.clock = Clock.systemUTC();
        this.initialBackoff = initialBackoff;
        this.maxBackoff = maxBackoff;
    }

    /** One record: retried until it succeeds or is proven poison, then acknowledged, or dead-lettered with the reason. */
    private Uni<Void> one(String channel, Message<String> message, Function<IncomingEvent, Uni<?>> handler, Context context) {
        return attempt(channel, () -> position(message), () -> handler.apply(IncomingEvent.of(message)), context, 1)
                .onItemOrFailure().transformToUni((ignored, failure) -> {
                    if (failure == null) {
                        return Uni.createFrom().completionStage(message.ack());
                    }
                    Log.warnf("%s: sending %s to the dead letter topic: %s", channel, position(message),
                            Poison.reason(failure).orElseThrow());
                    counter(deadLettered, "kept_consumer_dead_lettered_total", channel).increment();
                    return Uni.createFrom().completionStage(message.nack(new DeadLetterException(service, failure)));
                });
    }

    /** The channels retrying a record now. */
    public Map<String, Retrying> retrying() {
        return Map.copyOf(retrying);
    }

    /**
     * Handles one poll of {@code channel}: every record in one go ({@code all}, one transaction), with the retries of
     * a single record. When a record of it does not read, or the whole fails for good, the poll is handled again one
     * record at a time ({@code each}: retried until it succeeds or is proven poison, then acknowledged or dead-lettered), so only the poison is dead-lettered and the rest
     * still applied; each handler is idempotent by event id, so what the failed attempt did not commit is simply
     * done again. The poll is acknowledged once it is all handled.
     */
    public Uni<Void> consumeBatch(String channel, KafkaRecordBatch<?, String> batch,
            Function<List<IncomingEvent>, Uni<?>> all, Function<IncomingEvent, Uni<?>> each) {
        // Retries wait on a Vert.x timer and resume on the poll's own context, where the unit of
        // work keeps its connection (Mutiny's own backoff would resume on a worker thread).
        Context context = Vertx.currentContext();
        List<KafkaRecord<?, String>> records = new ArrayList<>();
        List<IncomingEvent> events = new ArrayList<>();
        boolean readable = true;
        for (KafkaRecord<?, String> record : batch.getRecords()) {
            String redriveFor = redriveFor(record);
            if (redriveFor != null && !redriveFor.equals(service)) {
                continue; // another service's dead letter, replayed for that service alone: this one handled the original
            }
            records.add(record);
            try {
                events.add(IncomingEvent.of(record));
            } catch (IllegalArgumentException e) {
                readable = false;
            }
        }
        Uni<Void> handled;
        if (records.isEmpty()) {
            handled = Uni.createFrom().voidItem();
        } else if (!readable) {
            handled = oneByOne(channel, records, each, context);
        } else {
            String position = position(records.get(0)) + (records.size() > 1 ? " and " + (records.size() - 1) + " more" : "");
            handled = attempt(channel, () -> position, () -> all.apply(events), context, 1)
                    .onFailure().recoverWithUni(failure -> {
                        Log.infof("%s: %s failed together (%s); handling them one at a time", channel, position,
                                failure.getMessage());
                        return oneByOne(channel, records, each, context);
                    });
        }
        return handled.chain(() -> Uni.createFrom().completionStage(batch.ack()));
    }

    private Uni<Void> oneByOne(String channel, List<KafkaRecord<?, String>> records, Function<IncomingEvent, Uni<?>> each,
            Context context) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (KafkaRecord<?, String> record : records) {
            // An acknowledgement or a dead letter completes on Kafka's threads: go on on the poll's own context,
            // where the unit of work keeps its connection.
            chain = chain.chain(() -> one(channel, record, each, context)).emitOn(onContext(context));
        }
        return chain;
    }

    private Uni<Void> attempt(String channel, Supplier<String> position, Supplier<Uni<?>> work, Context context,
            int attempt) {
        return Uni.createFrom().deferred(work).replaceWithVoid()
                .invoke(() -> {
                    if (retrying.remove(channel) != null) {
                        Log.infof("%s: %s succeeded after %d attempts; going on", channel, position.get(), attempt);
                    }
                })
                .onFailure(failure -> !Poison.is(failure)).recoverWithUni(failure -> {
                    String reason = Poison.describe(failure);
                    Retrying now = retrying.compute(channel, (c, before) -> before == null
                            ? new Retrying(position.get(), clock.instant(), attempt, reason)
                            : new Retrying(before.record(), before.since(), attempt, reason));
                    counter(retries, "kept_consumer_retries_total", channel).increment();
                    Duration wait = backoff(attempt);
                    if (attempt == 1 || attempt % 10 == 0) {
                        Log.warnf("%s: %s failed (attempt %d, retrying since %s), trying again in %d ms: %s", channel,
                                now.record(), attempt, now.since(), wait.toMillis(), reason);
                        if (attempt == 1 && !Transient.is(failure)) {
                            // Not a known outage: the stack says where, for whoever has to find out why.
                            Log.debugf(failure, "%s: %s failed", channel, now.record());
                        }
                    }
                    return delay(context, wait).chain(() -> attempt(channel, position, work, context, attempt + 1));
                });
    }

    private Duration backoff(int attempt) {
        long millis = initialBackoff.toMillis() << Math.min(attempt - 1, 20);
        return Duration.ofMillis(Math.min(millis, maxBackoff.toMillis()));
    }

    private static java.util.concurrent.Executor onContext(Context context) {
        return context == null ? Runnable::run : task -> context.runOnContext(v -> task.run());
    }

    private static Uni<Void> delay(Context context, Duration wait) {
        if (context == null) {
            return Uni.createFrom().voidItem().onItem().delayIt().by(wait);
        }
        return Uni.createFrom().emitter(emitter -> context.owner().setTimer(Math.max(1, wait.toMillis()),
                id -> context.runOnContext(v -> emitter.complete(null))));
    }

    private Counter counter(Map<String, Counter> counters, String name, String channel) {
        return counters.computeIfAbsent(channel, c -> Counter.builder(name).tag("channel", c).register(registry));
    }

    /** The service a replayed dead letter is meant for ({@link DeadLetters#REDRIVE_FOR}), or null. */
    private static String redriveFor(Message<String> message) {
        return message.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(m -> m.getHeaders().lastHeader(DeadLetters.REDRIVE_FOR))
                .map(h -> new String(h.value(), StandardCharsets.UTF_8))
                .orElse(null);
    }

    private static String position(Message<String> message) {
        return message.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(m -> m.getTopic() + "-" + m.getPartition() + "@" + m.getOffset())
                .orElse("a record");
    }
}
