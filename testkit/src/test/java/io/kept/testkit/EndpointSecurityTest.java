package io.kept.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kept.events.Roles;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The access matrix reads as the rules the services' tests used to spell out one by one. */
class EndpointSecurityTest {

    @Test
    void rowsBecomeRulesInTheFilesOrder() {
        var rules = EndpointSecurity.rulesOf("recovery-service");

        assertThat(rules).first().isEqualTo(new EndpointSecurity.Rule("POST", "/recoveries/{id}/acknowledged", EndpointSecurity.STEPS, true));
        assertThat(rules).contains(
                new EndpointSecurity.Rule("GET", "/recoveries", EndpointSecurity.READS, true),
                new EndpointSecurity.Rule("GET", "/admin/dead-letters", Set.of(Roles.ADMIN), true));
        assertThat(rules).last().isEqualTo(new EndpointSecurity.Rule("POST", "/admin/dead-letters/replay", Set.of(Roles.ADMIN), false));
    }

    @Test
    void everyServiceHasRowsAndAServiceWithoutRowsIsAnError() {
        for (String service : new String[] {"promise-service", "recovery-service", "followup-service", "analytics-service"}) {
            assertThat(EndpointSecurity.rulesOf(service)).as(service).isNotEmpty();
        }
        assertThatThrownBy(() -> EndpointSecurity.rulesOf("no-such-service")).hasMessageContaining("no rule for no-such-service");
    }
}
