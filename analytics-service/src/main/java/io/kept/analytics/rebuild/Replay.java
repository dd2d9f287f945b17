package io.kept.analytics.rebuild;

import io.kept.analytics.listener.ProjectionListener;
import io.kept.analytics.projection.Change;
import io.kept.analytics.projection.ProjectedEvent;
import io.kept.analytics.projection.Projections;
import io.kept.analytics.store.ChangeWriter;
import io.kept.events.Topics;
import io.kept.eventstore.IncomingEvent;
import io.kept.eventstore.KafkaConnection;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The replay of all three topics from the beginning into the shadow tables, by a plain Kafka consumer outside the
 * consumer group (it commits no offsets, so the live consumers' place is untouched). Each poll is one transaction:
 * its event ids recorded as consumed, each distinct one projected once, its changes run as the live consumer runs
 * them ({@link ChangeWriter#bulk}), a watermark move per topic. It reads to the end offsets seen at the start, then
 * catches up in rounds while events keep arriving, and last, inside the swap's transaction, to the end offsets of that
 * moment.
 */
final class Replay implements AutoCloseable {

    private static final int BATCH = 2000;
    private static final long CATCH_UP_BELOW = 1000;
    private static final int CATCH_UP_ROUNDS = 5;
    private static final Duration STALLED_AFTER = Duration.ofMinutes(2);
    private static final List<String> TOPICS = List.of(Topics.PROMISE_EVENTS, Topics.RECOVERY_EVENTS, Topics.FOLLOWUP_EVENTS);

    private final KafkaConsumer<String, byte[]> consumer;
    private final RebuildConnections connections;
    private final Projections shadow;
    private final Clock clock;
    private final RebuildProgress progress;
    private final BooleanSupplier stopping;
    private final List<TopicPartition> partitions = new ArrayList<>();
    private Map<TopicPartition, Long> endAtStart;

    Replay(KafkaConnection kafka, RebuildConnections connections, Projections shadow, Clock clock,
            RebuildProgress progress, BooleanSupplier stopping) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "kept-analytics-rebuild");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, BATCH);
        this.consumer = kafka.consumer(config, new StringDeserializer(), new ByteArrayDeserializer());
        this.connections = connections;
        this.shadow = shadow;
        this.clock = clock;
        this.progress = progress;
        this.stopping = stopping;
    }

    /** Takes every partition of the three topics from its beginning, and counts the records to replay up to now. */
    void assignFromBeginning() {
        for (String topic : TOPICS) {
            consumer.partitionsFor(topic, Duration.ofSeconds(30))
                    .forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        Map<TopicPartition, Long> beginning = consumer.beginningOffsets(partitions);
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
        progress.recordsToReplay(end.entrySet().stream().mapToLong(e -> e.getValue() - beginning.get(e.getKey())).sum());
        endAtStart = end;
    }

    /** Reads to the end offsets seen when the partitions were taken. */
    void toEndAtStart() throws SQLException {
        to(endAtStart, null);
    }

    /** Reads to newer end offsets, a few rounds at the most, until less than a poll or two is left for the swap. */
    void catchUp() throws SQLException {
        for (int round = 0; round < CATCH_UP_ROUNDS; round++) {
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            if (behind(end) <= CATCH_UP_BELOW) {
                return;
            }
            to(end, null);
        }
    }

    /** Reads to this moment's end offsets, all in the caller's transaction {@code tx}. */
    void toNow(Connection tx) throws SQLException {
        to(consumer.endOffsets(partitions), tx);
    }

    @Override
    public void close() {
        consumer.close();
    }

    private long behind(Map<TopicPartition, Long> end) {
        return end.entrySet().stream().mapToLong(e -> Math.max(0, e.getValue() - consumer.position(e.getKey()))).sum();
    }

    /** Reads until every partition reached {@code end}, one transaction per poll (or all in {@code tx}). */
    private void to(Map<TopicPartition, Long> end, Connection tx) throws SQLException {
        Instant lastProgress = clock.instant();
        while (behind(end) > 0) {
            if (stopping.getAsBoolean()) {
                throw new IllegalStateException("the service is stopping");
            }
            List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
            consumer.poll(Duration.ofMillis(500)).forEach(records::add);
            if (records.isEmpty()) {
                if (Duration.between(lastProgress, clock.instant()).compareTo(STALLED_AFTER) > 0) {
                    throw new IllegalStateException("no records from Kafka for " + STALLED_AFTER.toSeconds()
                            + " s with " + behind(end) + " still to read");
                }
                continue;
            }
            lastProgress = clock.instant();
            if (tx != null) {
                project(tx, records);
            } else {
                try (Connection connection = connections.open()) {
                    connection.setAutoCommit(false);
                    project(connection, records);
                    connection.commit();
                }
            }
            progress.read(records.size());
        }
    }

    private record Replayed(String consumer, String topic, ProjectedEvent event) {
    }

    /** Projects a batch of records into the shadow tables, each distinct event id once. */
    private void project(Connection connection, List<ConsumerRecord<String, byte[]>> records) throws SQLException {
        List<Replayed> events = new ArrayList<>(records.size());
        for (ConsumerRecord<String, byte[]> record : records) {
            try {
                IncomingEvent event = IncomingEvent.of(record);
                Instant at = event.time().orElseGet(() -> Instant.ofEpochMilli(record.timestamp()));
                events.add(new Replayed(ProjectionListener.consumerOf(record.topic()), record.topic(),
                        new ProjectedEvent(event.eventId(), event.type().type(), event.payload(), at)));
            } catch (IllegalArgumentException e) {
                progress.unreadable();
            }
        }
        Set<String> fresh = recordConsumed(connection, events);
        List<Change> changes = new ArrayList<>(events.size() * 3);
        Map<String, long[]> counts = new HashMap<>();
        Map<String, Instant> latest = new HashMap<>();
        for (Replayed replayed : events) {
            if (!fresh.remove(replayed.consumer() + "/" + replayed.event().eventId())) {
                progress.duplicate();
                continue;
            }
            changes.addAll(shadow.changes(replayed.event()));
            counts.computeIfAbsent(replayed.topic(), t -> new long[1])[0]++;
            latest.merge(replayed.topic(), replayed.event().at(), (a, b) -> a.isAfter(b) ? a : b);
        }
        // A poll of thousands of events costs tens of round trips, not thousands, as in the live consumer.
        ChangeWriter.bulk(connection, changes);
        List<Change> watermarks = new ArrayList<>();
        counts.forEach((topic, count) -> watermarks.add(shadow.watermark(topic, count[0], latest.get(topic), clock.instant())));
        ChangeWriter.bulk(connection, watermarks);
        progress.applied(counts.values().stream().mapToLong(c -> c[0]).sum());
    }

    /** Records the batch's event ids as consumed; answers those not consumed before. */
    private Set<String> recordConsumed(Connection connection, List<Replayed> events) throws SQLException {
        Set<String> fresh = new HashSet<>();
        if (events.isEmpty()) {
            return fresh;
        }
        String[] consumers = events.stream().map(Replayed::consumer).toArray(String[]::new);
        UUID[] ids = events.stream().map(r -> r.event().eventId()).toArray(UUID[]::new);
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + shadow.tables().table("consumed_events")
                + " (consumer, event_id, consumed_at) SELECT c, e, now() FROM unnest(?, ?) AS u(c, e)"
                + " ON CONFLICT DO NOTHING RETURNING consumer, event_id")) {
            insert.setArray(1, connection.createArrayOf("text", consumers));
            insert.setArray(2, connection.createArrayOf("uuid", ids));
            try (ResultSet rs = insert.executeQuery()) {
                while (rs.next()) {
                    fresh.add(rs.getString(1) + "/" + rs.getObject(2));
                }
            }
        }
        return fresh;
    }
}
