package io.kept.testkit;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Quarkus test resource: the JVM's real Kafka broker, with the topics named by the
 * {@code topics} argument (comma-separated) deleted and created empty for each test class family.
 */
public class KafkaResource implements QuarkusTestResourceLifecycleManager {

    public static final String TOPICS = "topics";
    public static final String PARTITIONS = "partitions";

    private List<String> topics = List.of();
    private int partitions = 3;

    @Override
    public void init(Map<String, String> initArgs) {
        String names = initArgs.getOrDefault(TOPICS, "");
        topics = Arrays.stream(names.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        partitions = Integer.parseInt(initArgs.getOrDefault(PARTITIONS, "3"));
    }

    @Override
    public Map<String, String> start() {
        EmbeddedKafkaBroker broker = SharedInfrastructure.kafka();
        if (!topics.isEmpty()) {
            broker.recreateTopics(topics, partitions);
        }
        return Map.of(
                "kafka.bootstrap.servers", broker.bootstrapServers(),
                "quarkus.kafka.devservices.enabled", "false");
    }

    /** The broker of this JVM, for tests that produce or consume directly. */
    public static EmbeddedKafkaBroker broker() {
        return SharedInfrastructure.kafka();
    }

    @Override
    public void stop() {
        // One broker serves every family in the JVM; it stops with the JVM.
    }
}
