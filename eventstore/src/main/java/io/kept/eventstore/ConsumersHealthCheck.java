package io.kept.eventstore;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import io.smallrye.health.api.Wellness;

/**
 * Which consumers are retrying a record, since when and why. A short retry (a conflict, a blip)
 * keeps the check UP; retrying longer than {@code kept.consumer.unhealthy-after} makes it DOWN. A wellness check
 * ({@code /q/health/well}, and in {@code /q/health}), not readiness: a consumer holding back its partition does not
 * stop this replica from taking requests.
 */
@Wellness
@ApplicationScoped
public class ConsumersHealthCheck implements HealthCheck {

    private final Consumption consumption;
    private final Clock clock;
    private final Duration unhealthyAfter;

    public ConsumersHealthCheck(Consumption consumption,
            @ConfigProperty(name = "kept.consumer.unhealthy-after", defaultValue = "PT30S") Duration unhealthyAfter) {
        this.consumption = consumption;
        this.clock = Clock.systemUTC();
        this.unhealthyAfter = unhealthyAfter;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder builder = HealthCheckResponse.named("kept-consumers").up();
        for (Map.Entry<String, Consumption.Retrying> entry : consumption.retrying().entrySet()) {
            Consumption.Retrying r = entry.getValue();
            builder.withData(entry.getKey(), "retrying " + r.record() + " since " + r.since() + " (" + r.attempts()
                    + " attempts): " + r.reason());
            if (Duration.between(r.since(), clock.instant()).compareTo(unhealthyAfter) > 0) {
                builder.down();
            }
        }
        return builder.build();
    }
}
