package io.kept.eventstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KafkaConnectionTest {

    @Test
    void everyHandBuiltClientGetsTheBrokersTlsAndSaslSettingsFromPropertiesOrTheEnvironment() {
        var config = new SmallRyeConfigBuilder()
                .withSources(new PropertiesConfigSource(Map.of("kafka.bootstrap.servers", "kept-kafka-bootstrap:9093",
                        "kafka.security.protocol", "SASL_SSL", "kafka.group.id", "not-a-connection-setting"), "props", 250))
                .withSources(new EnvConfigSource(Map.of("KAFKA_SASL_MECHANISM", "SCRAM-SHA-512",
                        "KAFKA_SASL_JAAS_CONFIG", "org.apache.kafka.common.security.scram.ScramLoginModule required;",
                        "KAFKA_SSL_TRUSTSTORE_LOCATION", "/etc/kept/kafka-ca/ca.p12"), 300))
                .build();
        KafkaConnection kafka = new KafkaConnection(config);
        assertThat(kafka.with(Map.of("client.id", "kept-outbox-1", "security.protocol", "SASL_SSL"))).isEqualTo(Map.of(
                "bootstrap.servers", "kept-kafka-bootstrap:9093",
                "security.protocol", "SASL_SSL",
                "sasl.mechanism", "SCRAM-SHA-512",
                "sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required;",
                "ssl.truststore.location", "/etc/kept/kafka-ca/ca.p12",
                "client.id", "kept-outbox-1"));
        assertThat(kafka.bootstrapServers()).isEqualTo("kept-kafka-bootstrap:9093");
    }

    @Test
    void withoutBootstrapServersNothingStarts() {
        var config = new SmallRyeConfigBuilder().withSources(new PropertiesConfigSource(Map.of(), "none", 100)).build();
        assertThatThrownBy(() -> new KafkaConnection(config)).hasMessageContaining("KEPT_KAFKA_BOOTSTRAP");
    }
}
