package io.kept.followup.fault;

import static io.kept.testkit.Api.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.kept.events.followup.FollowUpKind;
import io.kept.followup.FollowUpTestSupport;
import io.kept.followup.domain.FollowUpPolicy;
import io.kept.testkit.AbandonedRequests;
import io.kept.testkit.AbandonedRequests.Request;
import io.kept.testkit.KafkaResource;
import io.kept.testkit.PostgresResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Clients that give up mid-request leave the pool idle and each follow-up completed at most once. */
@QuarkusTest
@WithTestResource(PostgresResource.class)
@WithTestResource(value = KafkaResource.class, initArgs = @ResourceArg(name = KafkaResource.TOPICS, value = FollowUpTestSupport.TOPICS))
class AbandonedRequestsIT {

    private static final int REQUESTS = 500;
    private static final String DONE = "{\"satisfied\":true,\"score\":5}";

    private static String satisfactionCheck() {
        return FollowUpPolicy.followUpId(FollowUpTestSupport.resolvedRecovery("c-" + UUID.randomUUID()),
                FollowUpKind.SATISFACTION_CHECK);
    }

    @Test
    void abandonedCompletionsLeaveThePoolIdleAndEachFollowUpCompletedOnce() {
        List<String> checks = IntStream.range(0, 10).mapToObj(i -> satisfactionCheck()).toList();

        AbandonedRequests.abandonAndExpectIdlePool(REQUESTS, 10, "requests",
                i -> Request.post("/followups/" + checks.get(i % checks.size()) + "/completed", DONE));

        for (String id : checks) {
            List<String> history = given().get("/followups/" + id).then().statusCode(200)
                    .extract().jsonPath().getList("history.type", String.class);
            assertThat(history.stream().filter("io.kept.followup.completed"::equals).count()).isLessThanOrEqualTo(1);
        }
        given().contentType(ContentType.JSON).body(DONE).post("/followups/" + satisfactionCheck() + "/completed")
                .then().statusCode(200).body("status", equalTo("completed"));
    }

    @Test
    void abandonedReadsLeaveThePoolIdle() {
        AbandonedRequests.abandonAndExpectIdlePool(REQUESTS, 5, "reads", i -> Request.get("/followups?size=500"));
        given().get("/followups").then().statusCode(200);
    }
}
