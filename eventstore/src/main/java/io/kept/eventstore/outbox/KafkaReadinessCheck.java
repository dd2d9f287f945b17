package io.kept.eventstore.outbox;

import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready only while the Kafka cluster answers. Asks with a short timeout so a dead broker makes
 * the readiness probe answer DOWN quickly instead of hanging.
 */
@Readiness
@ApplicationScoped
public class KafkaReadinessCheck implements AsyncHealthCheck {

    private static final Duration TIMEOUT = Duration.ofSeconds(3);

    private final String bootstrapServers;
    private volatile Admin admin;

    public KafkaReadinessCheck(
            @ConfigProperty(name = "kafka.bootstrap.servers", defaultValue = "localhost:9092") String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        return Uni.createFrom().<Integer>emitter(emitter -> admin()
                        .describeCluster(new DescribeClusterOptions().timeoutMs((int) TIMEOUT.toMillis()))
                        .nodes()
                        .whenComplete((nodes, failure) -> {
                            if (failure != null) {
                                emitter.fail(failure);
                            } else {
                                emitter.complete(nodes.size());
                            }
                        }))
                .ifNoItem().after(TIMEOUT.plusSeconds(1)).fail()
                .map(nodes -> HealthCheckResponse.named("kafka").up()
                        .withData("bootstrap", bootstrapServers).withData("nodes", nodes).build())
                .onFailure().recoverWithItem(failure -> HealthCheckResponse.named("kafka").down()
                        .withData("bootstrap", bootstrapServers)
                        .withData("error", String.valueOf(failure.getMessage())).build());
    }

    private Admin admin() {
        Admin current = admin;
        if (current == null) {
            synchronized (this) {
                if (admin == null) {
                    admin = Admin.create(Map.of(
                            AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                            AdminClientConfig.CLIENT_ID_CONFIG, "kept-readiness",
                            AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis(),
                            AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis()));
                }
                current = admin;
            }
        }
        return current;
    }

    @PreDestroy
    void close() {
        if (admin != null) {
            admin.close(Duration.ofSeconds(1));
        }
    }
}
