package io.kept.eventstore;

import io.kept.eventstore.deadletter.DeadLetterException;
import io.kept.eventstore.deadletter.DeadLetters;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * How every Kept consumer handles a record: acknowledged when its handler succeeds; tried again,
 * on the same record and without moving past it, while the failure is {@link Transient} (the
 * database away, a failover, a conflict); dead-lettered with the reason only when it can never
 * succeed (not a Kept CloudEvent, data that does not read, a fact the consumer cannot apply).
 *
 * <p>A channel consumes one record at a time, so a record being retried holds back the ones
 * behind it on its channel: order is kept and nothing is skipped. {@link #retrying()} says which
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

    /** Handles one record of {@code channel}; see the class comment. */
    public Uni<Void> consume(String channel, Message<String> message, Function<IncomingEvent, Uni<?>> handler) {
        // Retries wait on a Vert.x timer and resume on the record's own context, where Hibernate
        // Reactive's session lives (Mutiny's own backoff would resume on a worker thread).
        Context context = Vertx.currentContext();
        String redriveFor = redriveFor(message);
        if (redriveFor != null && !redriveFor.equals(service)) {
            // Another service's dead letter, replayed for that service alone: this one handled the original.
            return Uni.createFrom().completionStage(message.ack());
        }
        return attempt(channel, message, handler, context, 1).onItemOrFailure().transformToUni((ignored, failure) -> {
            if (failure == null) {
                return Uni.createFrom().completionStage(message.ack());
            }
            Log.warnf("%s: sending %s to the dead letter topic: %s", channel, position(message), failure.getMessage());
            counter(deadLettered, "kept_consumer_dead_lettered_total", channel).increment();
            return Uni.createFrom().completionStage(message.nack(new DeadLetterException(service, failure)));
        });
    }

    /** The channels retrying a record now. */
    public Map<String, Retrying> retrying() {
        return Map.copyOf(retrying);
    }

    private Uni<Void> attempt(String channel, Message<String> message, Function<IncomingEvent, Uni<?>> handler,
            Context context, int attempt) {
        return Uni.createFrom().deferred(() -> handler.apply(IncomingEvent.of(message))).replaceWithVoid()
                .invoke(() -> {
                    if (retrying.remove(channel) != null) {
                        Log.infof("%s: %s succeeded after %d attempts; going on", channel, position(message), attempt);
                    }
                })
                .onFailure(Transient::is).recoverWithUni(failure -> {
                    String reason = Transient.reason(failure).orElseThrow();
                    Retrying now = retrying.compute(channel, (c, before) -> before == null
                            ? new Retrying(position(message), clock.instant(), attempt, reason)
                            : new Retrying(before.record(), before.since(), attempt, reason));
                    counter(retries, "kept_consumer_retries_total", channel).increment();
                    Duration wait = backoff(attempt);
                    if (attempt == 1 || attempt % 10 == 0) {
                        Log.warnf("%s: %s failed (attempt %d, retrying since %s), trying again in %d ms: %s", channel,
                                now.record(), attempt, now.since(), wait.toMillis(), reason);
                    }
                    return delay(context, wait).chain(() -> attempt(channel, message, handler, context, attempt + 1));
                });
    }

    private Duration backoff(int attempt) {
        long millis = initialBackoff.toMillis() << Math.min(attempt - 1, 20);
        return Duration.ofMillis(Math.min(millis, maxBackoff.toMillis()));
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
