package io.kept.eventstore.outbox;

import io.kept.events.EventType;
import io.kept.eventstore.EventStoreConfig;
import io.kept.eventstore.KafkaConnection;
import io.kept.eventstore.StoredEvent;
import io.kept.eventstore.StreamId;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes appended events to Kafka, in position order, at least once.
 *
 * <p>Each round: renew the lease (one relay per service publishes at a time), read the oldest
 * rows of the outbox, send them with an idempotent {@code acks=all} producer, wait for every
 * acknowledgement, then delete exactly those rows and advance the checkpoint in one
 * transaction. A crash before that commit publishes the batch again (consumers dedupe by
 * event id); a crash can never skip an event. Because the relay reads what is still in the
 * outbox rather than "position greater than the checkpoint", an event whose transaction
 * commits after one with a higher position is published when it becomes visible.
 *
 * <p>An event Kafka refuses for good (larger than the broker or topic allows) holds back only its
 * own stream: the relay leaves it and the rest of that stream in the outbox, keeps publishing every
 * other stream, and reports the stuck event in readiness ({@link Status#stuck()}) and
 * {@code kept_outbox_stuck_streams} until an operator raises the limit and restarts the service.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Duration DB_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);
    /** Room in a producer request beside an event's data and metadata: key, ce_* headers, batch framing. */
    public static final int RECORD_OVERHEAD = 16_384;

    private final OutboxConfig config;
    private final Pool pool;
    private final Clock clock;
    private final KafkaConnection kafka;
    private final String owner = "relay-" + UUID.randomUUID();
    private final String outbox;
    private final String events;
    private final String checkpoint;
    private final String lease;
    private final Counter published;
    private final Counter failures;
    private final DistributionSummary rounds;
    private final AtomicLong lastPosition = new AtomicLong();
    private final AtomicLong lagMillis = new AtomicLong();
    private final int maxRequestBytes;
    private final Map<StreamId, Stuck> stuck = new ConcurrentHashMap<>();

    private volatile Thread worker;
    private volatile boolean running;
    /** When this relay last renewed its lease (System.nanoTime), 0 while it does not hold it. */
    private volatile long leaseRenewedNanos;
    private volatile Instant failingSince;
    private volatile String lastError;
    private volatile Instant lastSuccess;
    private KafkaProducer<String, byte[]> producer;

    public OutboxRelay(OutboxConfig config, EventStoreConfig store, Pool pool, Clock clock, MeterRegistry registry,
            KafkaConnection kafka) {
        this.config = config;
        this.pool = pool;
        this.clock = clock;
        this.kafka = kafka;
        String schema = store.schema();
        this.outbox = schema + ".outbox";
        this.events = schema + ".events";
        this.checkpoint = schema + ".outbox_checkpoint";
        this.lease = schema + ".outbox_lease";
        this.maxRequestBytes = store.maxEventBytes() + RECORD_OVERHEAD;
        this.published = Counter.builder("kept.outbox.published").description("Events the relay published to Kafka")
                .register(registry);
        this.failures = Counter.builder("kept.outbox.failures").description("Relay rounds that failed and will be retried")
                .register(registry);
        this.rounds = DistributionSummary.builder("kept.outbox.round.size")
                .description("Events published per round of the relay (0: woken with nothing to publish)").register(registry);
        registry.gauge("kept.outbox.last.position", lastPosition);
        registry.gauge("kept.outbox.lag.seconds", lagMillis, v -> v.get() / 1000.0);
        registry.gauge("kept.outbox.stuck.streams", stuck, Map::size);
    }

    void onStart(@Observes StartupEvent event) {
        if (config.enabled()) {
            start();
        } else {
            Log.info("Outbox relay disabled (kept.outbox.enabled=false)");
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        stop();
    }

    /** Starts the relay's thread, if it is not running. */
    public synchronized void start() {
        if (running) {
            return;
        }
        stuck.clear(); // a restart tries held-back streams again, e.g. after a limit was raised
        running = true;
        worker = new Thread(this::loop, "kept-outbox-relay");
        worker.setDaemon(true);
        OutboxWakeup.register(worker);
        worker.start();
        Log.infof("Outbox relay started, publishing to %s", kafka.bootstrapServers());
    }

    /** Stops the relay after its current round and gives up the lease; the outbox keeps what is left. */
    public synchronized void stop() {
        if (!running) {
            return;
        }
        running = false;
        Thread current = worker;
        if (current != null) {
            current.interrupt();
            try {
                current.join(config.stopWait().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        OutboxWakeup.unregister(current);
        worker = null;
        leaseRenewedNanos = 0;
        closeProducer();
        try {
            pool.withConnection(c -> c.preparedQuery("UPDATE " + lease
                    + " SET expires_at = '-infinity' WHERE id = 1 AND owner = $1").execute(Tuple.of(owner)))
                    .await().atMost(DB_TIMEOUT);
        } catch (RuntimeException e) {
            Log.debug("Could not release the outbox lease; it expires by itself", e);
        }
        Log.info("Outbox relay stopped");
    }

    public boolean isRunning() {
        return running;
    }

    private void loop() {
        Duration backoff = config.pollInterval();
        while (running) {
            try {
                int sent = publishOnce(config.batchSize());
                backoff = config.pollInterval();
                if (sent < config.batchSize()) {
                    awaitWork();
                }
            } catch (RuntimeException e) {
                if (!running) {
                    break;
                }
                recordFailure(e);
                sleep(backoff);
                backoff = min(backoff.multipliedBy(2), MAX_BACKOFF);
            }
        }
    }

    /**
     * One round: publishes up to {@code limit} of the oldest unpublished events if this relay
     * holds the lease. Blocking; runs on the relay's thread (and in tests).
     *
     * @return how many events were published
     */
    public synchronized int publishOnce(int limit) {
        if (!holdsLease()) {
            return 0;
        }
        List<StoredEvent> batch = readBatch(limit);
        if (batch.isEmpty()) {
            rounds.record(0);
            lagMillis.set(0);
            recordSuccess();
            return 0;
        }
        lagMillis.set(Math.max(0, Duration.between(batch.get(0).recordedAt(), clock.instant()).toMillis()));
        List<StoredEvent> sent = send(batch);
        if (!sent.isEmpty()) {
            acknowledge(sent);
            leaseRenewedNanos = System.nanoTime(); // the acknowledgement renewed it
            published.increment(sent.size());
            rounds.record(sent.size());
            lastPosition.set(sent.get(sent.size() - 1).position());
        }
        recordSuccess();
        return sent.size();
    }

    /** What the relay is doing, for health checks and operators. */
    public Uni<Status> status() {
        return pool.withConnection(c -> c.query("SELECT count(*) FROM " + outbox).execute())
                .map(rows -> rows.iterator().next().getLong(0))
                .map(pending -> {
                    Instant since = failingSince;
                    boolean healthy = since == null
                            || Duration.between(since, clock.instant()).compareTo(config.unhealthyAfter()) < 0;
                    return new Status(running, healthy && stuck.isEmpty(), pending, lastPosition.get(), lastSuccess,
                            lastError, List.copyOf(stuck.values()));
                });
    }

    /** A snapshot of the relay for health and status. */
    public record Status(boolean running, boolean healthy, long pending, long lastPublishedPosition,
            Instant lastSuccess, String lastError, List<Stuck> stuck) {
    }

    /** An event Kafka refused for good, holding back the rest of its stream. */
    public record Stuck(StreamId stream, long position, UUID eventId, String type, String reason, Instant since) {
    }

    /**
     * Whether this relay holds the lease, renewing it only when a third of it has passed since it was last renewed
     * (here or by the acknowledgement of a batch): a relay at work renews it every few seconds, not every round.
     * Publishing on a lease about to lapse is harmless: the acknowledgement renews it or fails, and what it sent
     * is sent again by the next holder (consumers dedupe by event id).
     */
    private boolean holdsLease() {
        long now = System.nanoTime();
        if (leaseRenewedNanos != 0 && now - leaseRenewedNanos < config.lease().toNanos() / 3) {
            return true;
        }
        boolean held = acquireLease();
        leaseRenewedNanos = held ? now : 0;
        return held;
    }

    private boolean acquireLease() {
        return pool.withConnection(c -> c.preparedQuery("UPDATE " + lease
                        + " SET owner = $1, expires_at = now() + make_interval(secs => $2)"
                        + " WHERE id = 1 AND (owner = $1 OR expires_at < now())")
                        .execute(Tuple.of(owner, (double) config.lease().toMillis() / 1000.0)))
                .map(rows -> rows.rowCount() == 1)
                .await().atMost(DB_TIMEOUT);
    }

    private List<StoredEvent> readBatch(int limit) {
        Tuple params = Tuple.of(limit, stuck.keySet().stream().map(id -> id.kind().prefix()).toArray(String[]::new),
                stuck.keySet().stream().map(StreamId::id).toArray(String[]::new));
        return pool.withConnection(c -> c.preparedQuery("SELECT e.position, e.stream_type, e.stream_id,"
                        + " e.stream_version, e.event_id, e.event_type, e.occurred_at, e.recorded_at, e.data::text,"
                        + " e.metadata::text FROM " + outbox + " o JOIN " + events + " e ON e.position = o.position"
                        + " WHERE NOT EXISTS (SELECT 1 FROM unnest($2::text[], $3::text[]) s(type, id)"
                        + " WHERE s.type = e.stream_type AND s.id = e.stream_id)"
                        + " ORDER BY o.position LIMIT $1").execute(params))
                .map(rows -> {
                    List<StoredEvent> batch = new ArrayList<>(rows.size());
                    for (Row row : rows) {
                        batch.add(toEvent(row));
                    }
                    return batch;
                })
                .await().atMost(DB_TIMEOUT);
    }

    private static StoredEvent toEvent(Row row) {
        String type = row.getString("event_type");
        EventType eventType = EventType.fromType(type)
                .orElseThrow(() -> new IllegalStateException("No topic for unknown event type " + type));
        String streamType = row.getString("stream_type");
        StreamId stream = new StreamId(eventType.stream(), row.getString("stream_id"));
        if (!eventType.stream().prefix().equals(streamType)) {
            throw new IllegalStateException("Event " + row.getUUID("event_id") + " of type " + type
                    + " is stored on a " + streamType + " stream");
        }
        return new StoredEvent(row.getLong("position"), stream, row.getInteger("stream_version"),
                row.getUUID("event_id"), eventType, row.getOffsetDateTime("occurred_at").toInstant(),
                row.getOffsetDateTime("recorded_at").toInstant(), row.getString(8), row.getString(9));
    }

    /** Sends the batch and waits for every acknowledgement; answers the events Kafka has, in order. */
    private List<StoredEvent> send(List<StoredEvent> batch) {
        KafkaProducer<String, byte[]> kafka = producer();
        List<StoredEvent> sending = new ArrayList<>(batch.size());
        List<Future<RecordMetadata>> acks = new ArrayList<>(batch.size());
        try {
            for (StoredEvent event : batch) {
                if (stuck.containsKey(event.stream())) {
                    continue; // held back behind its stream's stuck event, in order
                }
                Future<RecordMetadata> ack = kafka.send(CloudEventRecords.toRecord(event));
                // A record over max.request.size fails at once: hold its stream back before sending more of it.
                if (ack.isDone() && refusedForGood(event, ack)) {
                    continue;
                }
                sending.add(event);
                acks.add(ack);
            }
            long deadline = System.nanoTime() + config.sendTimeout().toNanos();
            List<StoredEvent> sent = new ArrayList<>(sending.size());
            Exception failure = null;
            for (int i = 0; i < acks.size(); i++) {
                try {
                    acks.get(i).get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                    sent.add(sending.get(i));
                } catch (ExecutionException e) {
                    if (isRefusedForGood(e.getCause())) {
                        holdBack(sending.get(i), e.getCause());
                    } else if (failure == null) {
                        failure = e;
                    }
                }
            }
            if (failure != null) {
                throw failure;
            }
            // Events of a stream refused by the broker after later ones of it were already sent stay
            // acknowledged: Kafka has them, and its stuck event is reported.
            return sent;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closeProducer();
            throw new IllegalStateException("Interrupted while publishing", e);
        } catch (Exception e) {
            // A fresh producer after any failure: no stale metadata or fenced producer id survives an outage.
            closeProducer();
            throw new IllegalStateException("Kafka did not acknowledge the batch: " + rootMessage(e), e);
        }
    }

    private boolean refusedForGood(StoredEvent event, Future<RecordMetadata> ack) {
        try {
            ack.get();
            return false;
        } catch (ExecutionException e) {
            if (isRefusedForGood(e.getCause())) {
                holdBack(event, e.getCause());
                return true;
            }
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static boolean isRefusedForGood(Throwable failure) {
        return failure instanceof RecordTooLargeException || failure instanceof RecordBatchTooLargeException
                || failure instanceof InvalidRecordException;
    }

    private void holdBack(StoredEvent event, Throwable reason) {
        Stuck before = stuck.putIfAbsent(event.stream(), new Stuck(event.stream(), event.position(), event.eventId(),
                event.type().type(), rootMessage(reason), clock.instant()));
        if (before == null) {
            Log.errorf("Outbox relay holds back stream %s: Kafka refused event %s (%s, position %d) for good: %s. "
                    + "Every other stream goes on; raise the limit (kept.eventstore.max-event-bytes, the topic's "
                    + "max.message.bytes) and restart to publish it", event.stream(), event.eventId(), event.type().type(),
                    event.position(), rootMessage(reason));
        }
    }

    /**
     * Deletes the published rows and advances the checkpoint, in one transaction that first renews
     * the lease: a relay that lost its lease mid-round (a send slower than the lease) acknowledges
     * nothing, and the new owner publishes those rows again (consumers dedupe by event id).
     */
    private void acknowledge(List<StoredEvent> batch) {
        Long[] positions = batch.stream().map(StoredEvent::position).toArray(Long[]::new);
        long last = positions[positions.length - 1];
        pool.withTransaction(conn -> conn
                        .preparedQuery("UPDATE " + lease + " SET expires_at = now() + make_interval(secs => $2)"
                                + " WHERE id = 1 AND owner = $1")
                        .execute(Tuple.of(owner, (double) config.lease().toMillis() / 1000.0))
                        .flatMap(renewed -> {
                            if (renewed.rowCount() != 1) {
                                return Uni.createFrom().failure(new IllegalStateException(
                                        "Lost the outbox lease while publishing; the relay holding it publishes these again"));
                            }
                            return Uni.createFrom().item(renewed);
                        })
                        .flatMap(renewed -> conn.preparedQuery("DELETE FROM " + outbox + " WHERE position = ANY($1)")
                        .execute(Tuple.of(positions))
                        .flatMap(deleted -> conn.preparedQuery("UPDATE " + checkpoint
                                        + " SET last_position = greatest(last_position, $1),"
                                        + " published_total = published_total + $2, updated_at = now() WHERE id = 1")
                                .execute(Tuple.of(last, (long) deleted.rowCount())))))
                .await().atMost(DB_TIMEOUT);
    }

    private KafkaProducer<String, byte[]> producer() {
        if (producer == null) {
            long requestTimeout = Math.min(10_000, config.sendTimeout().toMillis());
            producer = kafka.producer(Map.of(
                    ProducerConfig.CLIENT_ID_CONFIG, "kept-outbox-" + owner,
                    ProducerConfig.ACKS_CONFIG, "all",
                    ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                    ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5,
                    ProducerConfig.LINGER_MS_CONFIG, 5,
                    ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) requestTimeout,
                    ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) Math.max(config.sendTimeout().toMillis(), requestTimeout + 5),
                    ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000,
                    ProducerConfig.MAX_REQUEST_SIZE_CONFIG, maxRequestBytes),
                    new StringSerializer(), new ByteArraySerializer());
        }
        return producer;
    }

    private void closeProducer() {
        if (producer != null) {
            try {
                producer.close(Duration.ZERO);
            } catch (RuntimeException e) {
                Log.debug("Producer did not close cleanly", e);
            }
            producer = null;
        }
    }

    private void recordSuccess() {
        if (failingSince != null) {
            Log.infof("Outbox relay publishing again after failures since %s", failingSince);
        }
        failingSince = null;
        lastError = null;
        lastSuccess = clock.instant();
    }

    private void recordFailure(RuntimeException e) {
        leaseRenewedNanos = 0; // make sure of the lease again before the next round
        failures.increment();
        lastError = rootMessage(e);
        if (failingSince == null) {
            failingSince = clock.instant();
            Log.warnf("Outbox relay could not publish, will retry: %s", lastError);
        } else {
            Log.debugf("Outbox relay still failing: %s", lastError);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }

    /**
     * Waits for a commit in this process ({@link OutboxWakeup}) or the poll interval, whichever comes first; once
     * woken, lingers {@code kept.outbox.linger} so that commits landing together go out in one round.
     */
    private void awaitWork() {
        LockSupport.parkNanos(this, config.pollInterval().toNanos());
        if (Thread.interrupted()) {
            running = false;
            return;
        }
        LockSupport.parkNanos(config.linger().toNanos());
    }

    private void sleep(Duration duration) {
        try {
            Thread.sleep(Math.max(1, duration.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
