package io.kept.promise.fault;

import static io.kept.testkit.Api.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.kept.promise.PromiseTestSupport;
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

/** Clients that give up mid-request leave the pool idle and every promise whole or absent. */
@QuarkusTest
@WithTestResource(PostgresResource.class)
@WithTestResource(value = KafkaResource.class, initArgs = @ResourceArg(name = KafkaResource.TOPICS, value = PromiseTestSupport.TOPICS))
class AbandonedRequestsIT {

    private static final int REQUESTS = 500;

    @Test
    void abandonedMakesLeaveThePoolIdleAndEachPromiseWholeOrAbsent() {
        String guarantee = PromiseTestSupport.guarantee("PT24H", "24x7");
        String run = UUID.randomUUID().toString().substring(0, 8);
        String customer = "abandoning-" + run;

        AbandonedRequests.abandonAndExpectIdlePool(REQUESTS, 10, "requests", i -> Request.post("/promises", """
                {"promiseId":"%s-%d","guaranteeId":"%s","customerId":"%s"}""".formatted(run, i, guarantee, customer)));

        // Each abandoned promise either committed whole (event store and view) or not at all.
        List<Integer> stored = IntStream.range(0, REQUESTS)
                .map(i -> given().get("/promises/" + run + "-" + i).statusCode())
                .boxed().toList();
        assertThat(stored).allMatch(status -> status == 200 || status == 404);
        long made = stored.stream().filter(status -> status == 200).count();
        given().queryParam("customerId", customer).queryParam("size", 500).get("/promises")
                .then().statusCode(200).body("items.size()", equalTo((int) made));

        // And the service goes on answering.
        given().contentType(ContentType.JSON).body("""
                {"promiseId":"%s-after","guaranteeId":"%s","customerId":"%s"}""".formatted(run, guarantee, customer))
                .post("/promises").then().statusCode(201);
    }

    @Test
    void abandonedReadsLeaveThePoolIdle() {
        AbandonedRequests.abandonAndExpectIdlePool(REQUESTS, 5, "reads",
                i -> Request.get(i % 2 == 0 ? "/promises?size=500" : "/guarantees"));
        given().get("/promises").then().statusCode(200);
    }
}
