package io.kept.eventstore.deadletter;

import io.kept.eventstore.KafkaConnection;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
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
 * ({@link DeadLetterException}); a service lists and replays only its own. Replaying publishes the
 * record again (key, CloudEvents headers, data unchanged) to the topic it came from, with header
 * {@link #REDRIVE_FOR} naming this service: the other consumers of the topic, which handled the
 * original, let it pass, so a record that is still poison is not multiplied across them. This
 * service dedupes by event id, so a record applied meanwhile changes nothing. What was
 * replayed is remembered as the offsets of consumer group {@code <service>-dead-letters}: replaying
 * again sends only dead letters written since.
 */
@ApplicationScoped
public class DeadLetters {

    private static final Pattern DLQ_TOPIC = Pattern.compile("mp\\.messaging\\.incoming\\.([^.]+)\\.dead-letter-queue\\.topic");
    private static final Duration WAIT = Duration.ofSeconds(10);
    /** Header of a replayed dead letter: the one service that should handle it. */
    public static final String REDRIVE_FOR = "kept-redrive-for";

    /** One dead letter as an operator sees it. */
    public record DeadLetter(String topic, int partition, long offset, Instant deadLetteredAt, String originalTopic,
            String key, String eventId, String eventType, String reason, boolean replayed) {
    }

    /** What a replay did. */
    public record Replay(int replayed, List<String> eventIds) {
    }

    private final KafkaConnection kafka;
    private final String service;
    private final Set<String> topics = new TreeSet<>();

    public DeadLetters(Config config, KafkaConnection kafka,
            @ConfigProperty(name = "quarkus.application.name") String service) {
        this.kafka = kafka;
        this.service = service;
        for (String name : config.getPropertyNames()) {
            Matcher m = DLQ_TOPIC.matcher(name);
            if (m.matches()) {
                config.getOptionalValue(name, String.class).ifPresent(topics::add);
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

    /** Publishes every dead letter of this service not replayed before to its original topic. */
    public synchronized Replay replay() {
        List<String> ids = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = consumer(); KafkaProducer<String, byte[]> producer = producer()) {
            for (String topic : topics) {
                List<TopicPartition> partitions = partitions(consumer, topic);
                List<Future<RecordMetadata>> sent = new ArrayList<>();
                Map<TopicPartition, OffsetAndMetadata> done = read(consumer, partitions, true, record -> {
                    if (ours(record) && header(record, "dead-letter-topic") != null) {
                        sent.add(producer.send(redriven(record, service)));
                        ids.add(String.valueOf(header(record, "ce_id")));
                    }
                });
                for (Future<RecordMetadata> ack : sent) {
                    ack.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
                }
                // Only once Kafka has them all: a failed replay sends them again next time.
                consumer.commitSync(done, WAIT);
            }
        } catch (Exception e) {
            throw new IllegalStateException("Replaying dead letters failed: " + e.getMessage(), e);
        }
        Log.infof("Replayed %d dead letters of %s", ids.size(), service);
        return new Replay(ids.size(), ids);
    }

    private boolean ours(ConsumerRecord<String, byte[]> record) {
        String reason = header(record, "dead-letter-reason");
        return reason != null && reason.startsWith(DeadLetterException.prefix(service));
    }

    private static ProducerRecord<String, byte[]> redriven(ConsumerRecord<String, byte[]> record, String service) {
        RecordHeaders headers = new RecordHeaders();
        for (Header header : record.headers()) {
            if (!header.key().startsWith("dead-letter-") && !header.key().equals(REDRIVE_FOR)) {
                headers.add(header);
            }
        }
        headers.add(REDRIVE_FOR, service.getBytes(StandardCharsets.UTF_8));
        return new ProducerRecord<>(header(record, "dead-letter-topic"), null, record.key(), record.value(), headers);
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
        return new KafkaConsumer<>(kafka.with(Map.of(
                ConsumerConfig.GROUP_ID_CONFIG, service + "-dead-letters",
                ConsumerConfig.CLIENT_ID_CONFIG, service + "-dead-letters-" + UUID.randomUUID(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500)),
                new StringDeserializer(), new ByteArrayDeserializer());
    }

    private KafkaProducer<String, byte[]> producer() {
        return new KafkaProducer<>(kafka.with(Map.of(
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000)),
                new StringSerializer(), new ByteArraySerializer());
    }
}
