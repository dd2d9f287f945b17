package io.kept.eventstore.outbox;

import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.health.api.Wellness;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;


/**
 * Whether the relay gets what is committed to Kafka: DOWN after {@code kept.outbox.unhealthy-after} of failures, or at
 * once when Kafka refused an event for good and its stream is held back (named in the data). A wellness check
 * ({@code /q/health/well}, and in {@code /q/health}), not readiness: writes stay durable while Kafka is away (they wait
 * in the outbox), so this replica keeps taking them.
 */
@Wellness
@ApplicationScoped
public class OutboxHealthCheck implements AsyncHealthCheck {

    private final OutboxRelay relay;

    public OutboxHealthCheck(OutboxRelay relay) {
        this.relay = relay;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        return relay.status().map(OutboxHealthCheck::describe);
    }

    private static HealthCheckResponse describe(OutboxRelay.Status status) {
        HealthCheckResponseBuilder builder = HealthCheckResponse.named("outbox-relay")
                .status(status.healthy())
                .withData("running", status.running())
                .withData("pending", status.pending())
                .withData("lastPublishedPosition", status.lastPublishedPosition());
        if (status.lastSuccess() != null) {
            builder.withData("lastSuccess", status.lastSuccess().toString());
        }
        if (status.lastError() != null) {
            builder.withData("lastError", status.lastError());
        }
        for (OutboxRelay.Stuck stuck : status.stuck()) {
            builder.withData("stuck " + stuck.stream(), "event " + stuck.eventId() + " (" + stuck.type() + ", position "
                    + stuck.position() + ") refused by Kafka since " + stuck.since() + ": " + stuck.reason()
                    + "; the rest of this stream waits behind it");
        }
        return builder.build();
    }
}
