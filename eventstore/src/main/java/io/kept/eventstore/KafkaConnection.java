package io.kept.eventstore;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.eclipse.microprofile.config.Config;

/**
 * The one place Kept builds a Kafka client by hand (checked by {@code io.kept.testkit.KafkaClients}), and how every
 * one of them (the outbox relay's producer, the dead letters' consumer and
 * producer, analytics' rebuild consumer and lag admin) connects: the same {@code kafka.*} connection settings
 * as SmallRye's channels, so a broker that wants TLS and SASL (Strimzi's SCRAM-SHA-512 listener, say) is
 * configured once, for instance with {@code KAFKA_SECURITY_PROTOCOL}, {@code KAFKA_SASL_MECHANISM},
 * {@code KAFKA_SASL_JAAS_CONFIG} and {@code KAFKA_SSL_TRUSTSTORE_*}.
 */
@ApplicationScoped
public class KafkaConnection {

    /** The client settings that say where the broker is and how to reach it, nothing about what a client does. */
    static final List<String> SETTINGS = List.of("bootstrap.servers", "client.dns.lookup", "security.protocol",
            "sasl.mechanism", "sasl.jaas.config", "sasl.client.callback.handler.class",
            "sasl.login.callback.handler.class", "ssl.protocol", "ssl.enabled.protocols",
            "ssl.endpoint.identification.algorithm", "ssl.truststore.type", "ssl.truststore.location",
            "ssl.truststore.password", "ssl.truststore.certificates", "ssl.keystore.type", "ssl.keystore.location",
            "ssl.keystore.password", "ssl.keystore.certificate.chain", "ssl.keystore.key", "ssl.key.password");

    private final Map<String, Object> settings;

    public KafkaConnection(Config config) {
        this.settings = Map.copyOf(read(config));
    }

    /** Looked up by name, so environment variables ({@code KAFKA_SASL_JAAS_CONFIG}) count as well as properties. */
    static Map<String, Object> read(Config config) {
        Map<String, Object> found = new HashMap<>();
        for (String setting : SETTINGS) {
            config.getOptionalValue("kafka." + setting, String.class).filter(v -> !v.isBlank())
                    .ifPresent(v -> found.put(setting, v));
        }
        if (!found.containsKey("bootstrap.servers")) {
            throw new IllegalStateException("kafka.bootstrap.servers (KEPT_KAFKA_BOOTSTRAP) is not set");
        }
        return found;
    }

    /** The connection settings with a client's own on top. */
    Map<String, Object> with(Map<String, Object> client) {
        Map<String, Object> all = new HashMap<>(settings);
        all.putAll(client);
        return all;
    }

    /** A producer connected as every Kept client is, with its own settings on top. */
    public <K, V> KafkaProducer<K, V> producer(Map<String, Object> own, Serializer<K> keys, Serializer<V> values) {
        return new KafkaProducer<>(with(own), keys, values);
    }

    /** A consumer connected as every Kept client is, with its own settings on top. */
    public <K, V> KafkaConsumer<K, V> consumer(Map<String, Object> own, Deserializer<K> keys, Deserializer<V> values) {
        return new KafkaConsumer<>(with(own), keys, values);
    }

    /** An admin client connected as every Kept client is, with its own settings on top. */
    public Admin admin(Map<String, Object> own) {
        return Admin.create(with(own));
    }

    public String bootstrapServers() {
        return (String) settings.get("bootstrap.servers");
    }
}
