package io.kept.analytics;

import static io.kept.events.Roles.ADMIN;
import static io.kept.testkit.EndpointSecurity.READS;
import static io.kept.testkit.EndpointSecurity.refusalsOnly;
import static io.kept.testkit.EndpointSecurity.rule;
import static org.assertj.core.api.Assertions.assertThat;

import io.kept.testkit.EndpointSecurity;
import io.kept.testkit.KafkaResource;
import io.kept.testkit.PostgresResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Who may call each endpoint of analytics-service (README.md: Security); a new endpoint without a rule fails here. */
@QuarkusTest
@WithTestResource(PostgresResource.class)
@WithTestResource(value = KafkaResource.class, initArgs = @ResourceArg(name = KafkaResource.TOPICS, value = ScriptedDay.TOPICS))
class AnalyticsEndpointSecurityIT {

    @Test
    void everyEndpointRefusesCallersWithoutTheRoleAndAdmitsThoseWithIt() {
        List<EndpointSecurity.Rule> rules = List.of(
                rule("GET", "/analytics/compliance", READS),
                rule("GET", "/analytics/recoveries", READS),
                rule("GET", "/analytics/followups", READS),
                rule("GET", "/analytics/patterns", READS),
                rule("GET", "/analytics/paradox", READS),
                rule("GET", "/analytics/customers/{id}/timeline", READS),
                rule("GET", "/analytics/at-risk", READS),
                rule("GET", "/analytics/burn-rates", READS),
                rule("GET", "/analytics/customers/trust", READS),
                rule("GET", "/analytics/customers/{id}/trust", READS),
                rule("GET", "/analytics/lag", READS),
                rule("GET", "/analytics/rebuild", READS),
                // Starting a rebuild and replaying dead letters are called with a token in ScriptedDayIT and the
                // dead-letter tests; here only their refusals, so this test starts neither beside them.
                refusalsOnly("POST", "/analytics/rebuild", ADMIN),
                rule("GET", "/admin/dead-letters", ADMIN),
                refusalsOnly("POST", "/admin/dead-letters/replay", ADMIN));
        assertThat(EndpointSecurity.check(rules)).isEmpty();
    }
}
