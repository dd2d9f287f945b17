package io.kept.followup.rest;

import io.kept.followup.FollowUpTestSupport;
import io.kept.testkit.EndpointSecurityContract;
import io.kept.testkit.KafkaResource;
import io.kept.testkit.PostgresResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Who may call each endpoint of followup-service (README.md: Security); its rules are its rows of testkit's endpoint-security.tsv. */
@QuarkusTest
@WithTestResource(PostgresResource.class)
@WithTestResource(value = KafkaResource.class, initArgs = @ResourceArg(name = KafkaResource.TOPICS, value = FollowUpTestSupport.TOPICS))
class FollowUpEndpointSecurityIT extends EndpointSecurityContract {
}
