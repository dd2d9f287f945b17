package io.kept.promise.rest;

import static io.kept.events.Roles.ADMIN;
import static io.kept.events.Roles.INGEST;
import static io.kept.testkit.EndpointSecurity.READS;
import static io.kept.testkit.EndpointSecurity.refusalsOnly;
import static io.kept.testkit.EndpointSecurity.rule;
import static org.assertj.core.api.Assertions.assertThat;

import io.kept.promise.PromiseTestSupport;
import io.kept.testkit.EndpointSecurity;
import io.kept.testkit.KafkaResource;
import io.kept.testkit.PostgresResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Who may call each endpoint of promise-service (README.md: Security); a new endpoint without a rule fails here. */
@QuarkusTest
@WithTestResource(PostgresResource.class)
@WithTestResource(value = KafkaResource.class, initArgs = @ResourceArg(name = KafkaResource.TOPICS, value = PromiseTestSupport.TOPICS))
class PromiseEndpointSecurityIT {

    @Test
    void everyEndpointRefusesCallersWithoutTheRoleAndAdmitsThoseWithIt() {
        List<EndpointSecurity.Rule> rules = List.of(
                rule("POST", "/promises", INGEST),
                rule("GET", "/promises", READS),
                rule("GET", "/promises/{id}", READS),
                rule("POST", "/promises/{id}/kept", INGEST),
                rule("POST", "/promises/{id}/broken", INGEST),
                rule("POST", "/promises/{id}/paused", INGEST),
                rule("POST", "/promises/{id}/resumed", INGEST),
                rule("POST", "/promises/{id}/cancelled", INGEST),
                rule("POST", "/events", INGEST),
                rule("PUT", "/guarantees/{id}", ADMIN),
                rule("POST", "/guarantees/{id}/retired", ADMIN),
                rule("GET", "/guarantees", READS),
                rule("GET", "/guarantees/{id}", READS),
                rule("PUT", "/calendars/{id}", ADMIN),
                rule("GET", "/calendars/{id}", READS),
                rule("GET", "/admin/dead-letters", ADMIN),
                // Replaying is called with a token in the dead-letter tests; here only its refusals.
                refusalsOnly("POST", "/admin/dead-letters/replay", ADMIN));
        assertThat(EndpointSecurity.check(rules)).isEmpty();
    }
}
