package io.kept.eventstore.outbox;

import io.kept.eventstore.KafkaConnection;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.health.api.Wellness;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.eclipse.microprofile.health.HealthCheckResponse;


/**
 * Whether the Kafka cluster answers this service's own client, connected as every Kept client is
 * ({@link KafkaConnection}: TLS, SASL and the credentials included). A wellness check ({@code /q/health/well}, and in
 * {@code /q/health}), not readiness: while the brokers are away this replica still takes writes into the outbox, so
 * Kubernetes must not take it out of its Service. Asks with a short timeout so a dead broker answers DOWN quickly.
 */
@Wellness
@ApplicationScoped
public class KafkaHealthCheck implements AsyncHealthCheck {

    private static final Duration TIMEOUT = Duration.ofSeconds(3);

    private final KafkaConnection kafka;
    private final String bootstrapServers;
    private volatile Admin admin;

    public KafkaHealthCheck(KafkaConnection kafka) {
        this.kafka = kafka;
        this.bootstrapServers = kafka.bootstrapServers();
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
                    admin = kafka.admin(Map.of(
                            AdminClientConfig.CLIENT_ID_CONFIG, "kept-health",
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
