package io.kept.followup.rest;

import static io.kept.events.Roles.ADMIN;
import static io.kept.events.Roles.INGEST;
import static io.kept.testkit.EndpointSecurity.READS;
import static io.kept.testkit.EndpointSecurity.STEPS;
import static io.kept.testkit.EndpointSecurity.refusalsOnly;
import static io.kept.testkit.EndpointSecurity.rule;
import static org.assertj.core.api.Assertions.assertThat;

import io.kept.followup.FollowUpTestSupport;
import io.kept.testkit.EndpointSecurity;
import io.kept.testkit.KafkaResource;
import io.kept.testkit.PostgresResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Who may call each endpoint of followup-service (README.md: Security); a new endpoint without a rule fails here. */
@QuarkusTest
@WithTestResource(PostgresResource.class)
@WithTestResource(value = KafkaResource.class, initArgs = @ResourceArg(name = KafkaResource.TOPICS, value = FollowUpTestSupport.TOPICS))
class FollowUpEndpointSecurityIT {

    @Test
    void everyEndpointRefusesCallersWithoutTheRoleAndAdmitsThoseWithIt() {
        List<EndpointSecurity.Rule> rules = List.of(
                rule("POST", "/followups/{id}/completed", STEPS),
                rule("POST", "/followups/{id}/cancelled", STEPS),
                rule("GET", "/followups", READS),
                rule("GET", "/followups/{id}", READS),
                rule("POST", "/customers/{id}/returned", INGEST),
                rule("GET", "/admin/dead-letters", ADMIN),
                // Replaying is called with a token in the dead-letter tests; here only its refusals.
                refusalsOnly("POST", "/admin/dead-letters/replay", ADMIN));
        assertThat(EndpointSecurity.check(rules)).isEmpty();
    }
}
