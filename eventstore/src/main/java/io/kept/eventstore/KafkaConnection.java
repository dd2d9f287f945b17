package io.kept.eventstore;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.Config;

/**
 * How every Kafka client Kept builds by hand (the outbox relay's producer, the dead letters' consumer and
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
    public Map<String, Object> with(Map<String, Object> client) {
        Map<String, Object> all = new HashMap<>(settings);
        all.putAll(client);
        return all;
    }

    public String bootstrapServers() {
        return (String) settings.get("bootstrap.servers");
    }
}
