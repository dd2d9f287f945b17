package io.kept.recovery.fault;

import static io.kept.testkit.Api.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.kept.events.promise.Severity;
import io.kept.recovery.RecoveryTestSupport;
import io.kept.recovery.rest.RecoveryResourceITSupport;
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

/** Clients that give up mid-request leave the pool idle and each recovery with its steps recorded once. */
@QuarkusTest
@WithTestResource(PostgresResource.class)
@WithTestResource(value = KafkaResource.class, initArgs = @ResourceArg(name = KafkaResource.TOPICS, value = RecoveryTestSupport.TOPICS))
class AbandonedRequestsIT {

    private static final int REQUESTS = 500;
    private static final String ACK = "{\"apology\":\"We are sorry your parcel is late\"}";

    @Test
    void abandonedStepsLeaveThePoolIdleAndEachStepRecordedOnce() {
        List<String> recoveries = IntStream.range(0, 10)
                .mapToObj(i -> RecoveryResourceITSupport.open("c-" + UUID.randomUUID(), Severity.MAJOR)).toList();

        AbandonedRequests.abandonAndExpectIdlePool(REQUESTS, 10, "requests",
                i -> Request.post("/recoveries/" + recoveries.get(i % recoveries.size()) + "/acknowledged", ACK));

        // 50 acknowledgements of each recovery were sent: at most one is recorded, the rest were refused.
        for (String id : recoveries) {
            List<String> steps = given().get("/recoveries/" + id).then().statusCode(200)
                    .extract().jsonPath().getList("steps.type", String.class);
            assertThat(steps.stream().filter("io.kept.recovery.acknowledged"::equals).count()).isLessThanOrEqualTo(1);
        }
        String fresh = RecoveryResourceITSupport.open("c-" + UUID.randomUUID(), Severity.MINOR);
        given().contentType(ContentType.JSON).body(ACK).post("/recoveries/" + fresh + "/acknowledged")
                .then().statusCode(200).body("status", equalTo("acknowledged"));
    }

    @Test
    void abandonedReadsLeaveThePoolIdle() {
        AbandonedRequests.abandonAndExpectIdlePool(REQUESTS, 5, "reads", i -> Request.get("/recoveries?size=500"));
        given().get("/recoveries").then().statusCode(200);
    }
}
