package io.kept.analytics.metrics;

import io.kept.events.Topics;
import io.kept.eventstore.KafkaConnection;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * How many records of each topic the projections have not consumed yet: the end offsets minus
 * the consumer group's committed offsets, refreshed every few seconds and exported as
 * {@code kept_analytics_lag_records{topic}}.
 */
@ApplicationScoped
public class ProjectionLag {

    public static final String GROUP = "analytics-service";
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final KafkaConnection kafka;
    private final Map<String, AtomicLong> lag = new ConcurrentHashMap<>();
    private volatile Admin admin;
    private volatile boolean failing;

    public ProjectionLag(KafkaConnection kafka, MeterRegistry registry) {
        this.kafka = kafka;
        for (String topic : Topics.all()) {
            AtomicLong value = new AtomicLong(-1);
            lag.put(topic, value);
            Gauge.builder("kept.analytics.lag.records", value, AtomicLong::get).tag("topic", topic)
                    .description("Records of the topic not yet projected (-1 until known)").register(registry);
        }
    }

    /** The last known lag per topic; -1 where it could not be measured yet. */
    public Map<String, Long> lag() {
        Map<String, Long> copy = new HashMap<>();
        lag.forEach((topic, value) -> copy.put(topic, value.get()));
        return copy;
    }

    @Scheduled(every = "${kept.analytics.lag-interval:10s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void refresh() {
        try {
            Map<TopicPartition, OffsetAndMetadata> committed = admin().listConsumerGroupOffsets(GROUP)
                    .partitionsToOffsetAndMetadata().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            var partitions = admin().describeTopics(Topics.all()).allTopicNames().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            partitions.forEach((topic, description) -> description.partitions()
                    .forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest())));
            var ends = admin().listOffsets(latest).all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            Map<String, Long> perTopic = new HashMap<>();
            ends.forEach((partition, end) -> {
                OffsetAndMetadata done = committed.get(partition);
                long behind = end.offset() - (done == null ? 0 : done.offset());
                perTopic.merge(partition.topic(), Math.max(0, behind), Long::sum);
            });
            perTopic.forEach((topic, behind) -> lag.computeIfAbsent(topic, t -> new AtomicLong()).set(behind));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failing = false;
        } catch (Exception e) {
            if (!failing) {
                Log.warnf("Projection lag cannot be measured (will keep trying): %s", e);
            }
            failing = true;
        }
    }

    private Admin admin() {
        if (admin == null) {
            synchronized (this) {
                if (admin == null) {
                    admin = kafka.admin(Map.of(AdminClientConfig.CLIENT_ID_CONFIG, "kept-analytics-lag",
                            AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis(),
                            AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis()));
                }
            }
        }
        return admin;
    }

    @PreDestroy
    void close() {
        if (admin != null) {
            admin.close(Duration.ofSeconds(1));
        }
    }
}
