package io.kept.eventstore.deadletter;

import io.kept.eventstore.IncomingEvent;
import io.kept.eventstore.KafkaConnection;
import io.kept.eventstore.Poison;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The records this service's consumers sent to their dead-letter topics, and their re-drive.
 *
 * <p>Dead-letter topics are shared (recovery-service and analytics-service both consume
 * {@code kept.promise-events}), so each dead letter's reason starts with the service that wrote it
 * ({@link DeadLetterException}); a service lists and replays only its own. Replaying hands each dead letter back to
 * the consumer of the channel it was read on ({@link Redrivable}), in this process, one at a time: nothing is
 * published to the topic it came from (only that topic's owner may write it), and no other consumer sees it again.
 * The consumer dedupes by event id, so a letter applied meanwhile changes nothing. A letter that still cannot be
 * applied is dead-lettered again, with the new reason, when it is proven {@link io.kept.eventstore.Poison poison}; any other failure (the database away) stops the replay of
 * that partition before the letter, to be replayed next time. What was replayed is remembered as the offsets of
 * consumer group {@code <service>-dead-letters}: replaying again takes only dead letters written since.
 */
@ApplicationScoped
public class DeadLetters {

    private static final Pattern DLQ_TOPIC = Pattern.compile("mp\\.messaging\\.incoming\\.([^.]+)\\.dead-letter-queue\\.topic");
    private static final Duration WAIT = Duration.ofSeconds(10);
    /**
     * Header of a dead letter that an earlier release replayed by publishing it to its original topic: the one
     * service that should handle it. Such records may still be on the topics; the other consumers let them pass.
     */
    public static final String REDRIVE_FOR = "kept-redrive-for";

    /** One dead letter as an operator sees it. */
    public record DeadLetter(String topic, int partition, long offset, Instant deadLetteredAt, String originalTopic,
            String key, String eventId, String eventType, String reason, boolean replayed) {
    }

    /**
     * What a replay did: the letters applied, those that still failed and were dead-lettered again, and, when a
     * failure that is not proven poison stopped it, why (what it did not reach waits for the next replay).
     */
    public record Replay(int replayed, List<String> eventIds, List<String> deadLetteredAgain, String stoppedBy) {
    }

    private final KafkaConnection kafka;
    private final String service;
    private final Instance<Redrivable> consumers;
    /** Dead-letter topic → the channel whose letters it holds. */
    private final Map<String, String> channelOf = new TreeMap<>();
    private final Set<String> topics = new TreeSet<>();

    public DeadLetters(Config config, KafkaConnection kafka, @Any Instance<Redrivable> consumers,
            @ConfigProperty(name = "quarkus.application.name") String service) {
        this.kafka = kafka;
        this.service = service;
        this.consumers = consumers;
        for (String name : config.getPropertyNames()) {
            Matcher m = DLQ_TOPIC.matcher(name);
            if (m.matches()) {
                config.getOptionalValue(name, String.class).ifPresent(topic -> {
                    topics.add(topic);
                    channelOf.put(topic, m.group(1));
                });
            }
        }
    }

    /** The dead-letter topics this service's consumers write to. */
    public Set<String> topics() {
        return Set.copyOf(topics);
    }

    /** This service's dead letters still on the topics (retention permitting), oldest first per partition. */
    public List<DeadLetter> list(int limit) {
        List<DeadLetter> found = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            for (String topic : topics) {
                List<TopicPartition> partitions = partitions(consumer, topic);
                Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(Set.copyOf(partitions), WAIT);
                read(consumer, partitions, false, record -> {
                    if (found.size() < limit && ours(record)) {
                        OffsetAndMetadata done = committed.get(new TopicPartition(record.topic(), record.partition()));
                        found.add(describe(record, done != null && record.offset() < done.offset()));
                    }
                });
            }
        }
        return found;
    }

    /**
     * Hands every dead letter of this service not replayed before back to its consumer, in order per partition.
     * Blocks: call it from a worker thread.
     */
    public synchronized Replay replay() {
        List<String> applied = new ArrayList<>();
        List<String> again = new ArrayList<>();
        AtomicReference<String> stoppedBy = new AtomicReference<>();
        try (KafkaConsumer<String, byte[]> consumer = consumer(); KafkaProducer<String, byte[]> producer = producer()) {
            for (String topic : topics) {
                Redrivable handler = consumerOf(channelOf.get(topic));
                List<TopicPartition> partitions = partitions(consumer, topic);
                List<Future<RecordMetadata>> sent = new ArrayList<>();
                Map<TopicPartition, Long> stopped = new HashMap<>();
                Map<TopicPartition, OffsetAndMetadata> done = read(consumer, partitions, true, record -> {
                    TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                    if (stopped.containsKey(partition) || !ours(record) || header(record, "dead-letter-topic") == null) {
                        return;
                    }
                    if (handler == null) {
                        // A configuration error, not the letter's: it stays, for a release that has the consumer.
                        stopped.put(partition, record.offset());
                        stoppedBy.compareAndSet(null, "no consumer of channel " + channelOf.get(topic) + " in " + service);
                        return;
                    }
                    String id = String.valueOf(header(record, "ce_id"));
                    Throwable failure = redrive(handler, channelOf.get(topic), record);
                    if (failure == null) {
                        applied.add(id);
                    } else if (Poison.is(failure)) {
                        sent.add(producer.send(deadLetteredAgain(record, new DeadLetterException(service, failure))));
                        again.add(id);
                    } else {
                        // Not proven poison (the database away, say): this partition stops here, for the next replay.
                        stopped.put(partition, record.offset());
                        stoppedBy.compareAndSet(null, Poison.describe(failure));
                    }
                });
                for (Future<RecordMetadata> ack : sent) {
                    ack.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
                }
                stopped.forEach((partition, offset) -> done.put(partition, new OffsetAndMetadata(offset)));
                // Only once the letters that failed again are on the topic: a failed replay takes them all next time.
                consumer.commitSync(done, WAIT);
            }
        } catch (Exception e) {
            throw new IllegalStateException("Replaying dead letters failed: " + e.getMessage(), e);
        }
        Log.infof("Replayed %d dead letters of %s; %d failed again%s", applied.size(), service, again.size(),
                stoppedBy.get() == null ? "" : "; stopped by " + stoppedBy.get());
        return new Replay(applied.size(), applied, again, stoppedBy.get());
    }

    /** The consumer of {@code channel}, or none (its letters then stay where they are, with the reason). */
    private Redrivable consumerOf(String channel) {
        for (Redrivable candidate : consumers) {
            if (candidate.channels().contains(channel)) {
                return candidate;
            }
        }
        return null;
    }

    /** The failure of handling a dead letter again, or null when it applied. */
    private static Throwable redrive(Redrivable handler, String channel, ConsumerRecord<String, byte[]> letter) {
        try {
            // Read as it was on its own topic: the owner check compares the type with the topic.
            IncomingEvent event = IncomingEvent.of(new ConsumerRecord<>(header(letter, "dead-letter-topic"),
                    letter.partition(), letter.offset(), letter.timestamp(), letter.timestampType(),
                    letter.serializedKeySize(), letter.serializedValueSize(), letter.key(), letter.value(),
                    letter.headers(), Optional.empty()));
            VertxContextSupport.subscribeAndAwait(() -> handler.redrive(channel, event).replaceWithVoid());
            return null;
        } catch (Throwable failure) {
            return failure;
        }
    }

    /** The letter once more on its dead-letter topic, with the reason it failed this time. */
    private static ProducerRecord<String, byte[]> deadLetteredAgain(ConsumerRecord<String, byte[]> letter,
            DeadLetterException reason) {
        RecordHeaders headers = new RecordHeaders();
        for (Header header : letter.headers()) {
            if (!header.key().equals("dead-letter-reason") && !header.key().equals("dead-letter-cause")) {
                headers.add(header);
            }
        }
        headers.add("dead-letter-reason", reason.getMessage().getBytes(StandardCharsets.UTF_8));
        return new ProducerRecord<>(letter.topic(), null, letter.key(), letter.value(), headers);
    }

    private boolean ours(ConsumerRecord<String, byte[]> record) {
        String reason = header(record, "dead-letter-reason");
        return reason != null && reason.startsWith(DeadLetterException.prefix(service));
    }

    private DeadLetter describe(ConsumerRecord<String, byte[]> record, boolean replayed) {
        String reason = header(record, "dead-letter-reason");
        return new DeadLetter(record.topic(), record.partition(), record.offset(), Instant.ofEpochMilli(record.timestamp()),
                header(record, "dead-letter-topic"), record.key(), header(record, "ce_id"), header(record, "ce_type"),
                reason == null ? null : reason.substring(DeadLetterException.prefix(service).length()), replayed);
    }

    private interface Visitor {
        void visit(ConsumerRecord<String, byte[]> record) throws Exception;
    }

    /**
     * Reads {@code partitions} to their current end, from the group's committed offsets when
     * {@code fromCommitted} (else from the beginning); answers the end offsets reached.
     */
    private static Map<TopicPartition, OffsetAndMetadata> read(KafkaConsumer<String, byte[]> consumer,
            List<TopicPartition> partitions, boolean fromCommitted, Visitor visitor) {
        Map<TopicPartition, OffsetAndMetadata> reached = new HashMap<>();
        if (partitions.isEmpty()) {
            return reached;
        }
        consumer.assign(partitions);
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, WAIT);
        Map<TopicPartition, OffsetAndMetadata> committed = fromCommitted ? consumer.committed(Set.copyOf(partitions), WAIT)
                : Map.of();
        for (TopicPartition partition : partitions) {
            OffsetAndMetadata from = committed.get(partition);
            if (from == null) {
                consumer.seekToBeginning(List.of(partition));
            } else {
                consumer.seek(partition, from.offset());
            }
        }
        long deadline = System.nanoTime() + WAIT.multipliedBy(3).toNanos();
        while (System.nanoTime() < deadline && partitions.stream().anyMatch(p -> consumer.position(p, WAIT) < ends.get(p))) {
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                if (record.offset() < ends.get(new TopicPartition(record.topic(), record.partition()))) {
                    try {
                        visitor.visit(record);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }
            }
        }
        for (TopicPartition partition : partitions) {
            reached.put(partition, new OffsetAndMetadata(Math.min(consumer.position(partition, WAIT), ends.get(partition))));
        }
        return reached;
    }

    private static List<TopicPartition> partitions(KafkaConsumer<String, byte[]> consumer, String topic) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, WAIT);
        return infos == null ? List.of() : infos.stream().map(i -> new TopicPartition(i.topic(), i.partition())).toList();
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private KafkaConsumer<String, byte[]> consumer() {
        return kafka.consumer(Map.of(
                ConsumerConfig.GROUP_ID_CONFIG, service + "-dead-letters",
                ConsumerConfig.CLIENT_ID_CONFIG, service + "-dead-letters-" + UUID.randomUUID(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500),
                new StringDeserializer(), new ByteArrayDeserializer());
    }

    private KafkaProducer<String, byte[]> producer() {
        return kafka.producer(Map.of(
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000),
                new StringSerializer(), new ByteArraySerializer());
    }
}
