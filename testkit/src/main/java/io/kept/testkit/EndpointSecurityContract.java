package io.kept.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * The test every service's {@code *EndpointSecurityIT} inherits: the running service against its rows of the
 * access matrix ({@link EndpointSecurity#MATRIX}). The subclass only starts the service (its {@code @QuarkusTest}
 * and test resources); the service is found by {@code quarkus.application.name}, so a row cannot be checked
 * against the wrong service.
 */
public abstract class EndpointSecurityContract {

    @Test
    void everyEndpointRefusesCallersWithoutTheRoleAndAdmitsThoseWithIt() {
        String service = ConfigProvider.getConfig().getValue("quarkus.application.name", String.class);
        assertThat(EndpointSecurity.check(EndpointSecurity.rulesOf(service))).isEmpty();
    }
}
