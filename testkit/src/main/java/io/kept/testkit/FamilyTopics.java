package io.kept.testkit;

import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The broker of the running test family ({@link KafkaResource}) as a service's neighbours see it: records
 * published as an upstream service's relay publishes them, and what the service published for one key.
 * The services' {@code *TestSupport} classes keep only their topics and fixtures.
 */
public final class FamilyTopics {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private FamilyTopics() {
    }

    @SafeVarargs
    public static void publish(ProducerRecord<String, byte[]>... records) {
        TopicWriter.publish(KafkaResource.broker().bootstrapServers(), List.of(records));
    }

    /** The records of {@code topic} with this key, once at least {@code count} arrived (or after 30 s). */
    public static List<ConsumerRecord<String, byte[]>> keyed(String topic, String key, int count) {
        return TopicReader.readUntil(KafkaResource.broker().bootstrapServers(), topic,
                        read -> read.stream().filter(r -> key.equals(r.key())).count() >= count, WAIT)
                .stream().filter(r -> key.equals(r.key())).toList();
    }

    /** The CloudEvents type ({@code ce_type}) of each record, in order. */
    public static List<String> types(List<ConsumerRecord<String, byte[]>> records) {
        return records.stream().map(r -> TopicReader.header(r, "ce_type")).toList();
    }
}
