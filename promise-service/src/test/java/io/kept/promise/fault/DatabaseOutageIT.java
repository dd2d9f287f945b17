package io.kept.promise.fault;

import static io.kept.testkit.Api.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.kept.promise.PromiseTestSupport;
import io.kept.testkit.AbandonedRequests;
import io.kept.testkit.AbandonedRequests.PoolUse;
import io.kept.testkit.Api;
import io.kept.testkit.KafkaResource;
import io.kept.testkit.OutagePostgresResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The database refusing connections while clients make promises, singly and in CloudEvents batches: each request is
 * a 503 problem+json with Retry-After that recorded nothing (never a 500), and the same requests sent again once the
 * database is back are each recorded once.
 */
@QuarkusTest
@WithTestResource(OutagePostgresResource.class)
@WithTestResource(value = KafkaResource.class, initArgs = @ResourceArg(name = KafkaResource.TOPICS, value = PromiseTestSupport.TOPICS))
class DatabaseOutageIT {

    private static final int PROMISES = 100;
    private static final int BATCHES = 5;
    private static final int PER_BATCH = 20;

    @Test
    void requestsWhileTheDatabaseRefusesAre503sThatRecordNothingAndSucceedWhenSentAgain() throws Exception {
        String guarantee = PromiseTestSupport.guarantee("PT24H", "24x7");
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<String> singles = IntStream.range(0, PROMISES).mapToObj(i -> """
                {"promiseId":"%s-%d","guaranteeId":"%s","customerId":"c-%s"}""".formatted(run, i, guarantee, run)).toList();
        List<String> batches = IntStream.range(0, BATCHES).mapToObj(b -> IntStream.range(0, PER_BATCH).mapToObj(i -> """
                {"specversion":"1.0","id":"%s-b%d-%d","type":"io.kept.promise.made","source":"/outage","subject":"%s-b%d-%d",
                 "datacontenttype":"application/json","data":{"guaranteeId":"%s","customerId":"c-%s"}}"""
                .formatted(run, b, i, run, b, i, guarantee, run)).toList().toString()).toList();

        OutagePostgresResource.proxy().refuse();
        List<HttpResponse<String>> refused;
        List<HttpResponse<String>> refusedBatches;
        try {
            refused = PromiseTestSupport.postAll("/promises", "application/json", singles);
            refusedBatches = PromiseTestSupport.postAll("/events", "application/cloudevents-batch+json", batches);
        } finally {
            OutagePostgresResource.proxy().accept();
        }

        assertThat(refused).as("POST /promises while the database refuses").allSatisfy(response -> {
            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(response.headers().firstValue("Retry-After")).hasValue("1");
            assertThat(response.body()).contains("urn:kept:problem:unavailable");
        });
        assertThat(refusedBatches).as("CloudEvents batches while the database refuses").allSatisfy(response -> {
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).doesNotContain("\"status\":201").doesNotContain("\"status\":500")
                    .contains("\"status\":503");
        });
        assertThat(eventsOf(run)).as("events recorded while the database refused").isZero();

        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (given().get("/q/health/ready").statusCode() != 200 && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        List<HttpResponse<String>> again = PromiseTestSupport.postAll("/promises", "application/json", singles);
        List<HttpResponse<String>> batchesAgain = PromiseTestSupport.postAll("/events", "application/cloudevents-batch+json",
                batches);

        assertThat(again).as("the same promises sent again").allSatisfy(r -> assertThat(r.statusCode()).isEqualTo(201));
        assertThat(batchesAgain).as("the same batches sent again").allSatisfy(r -> {
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body().split("\"status\":201", -1)).hasSize(PER_BATCH + 1);
        });
        assertThat(eventsOf(run)).as("events recorded, one per promise").isEqualTo(PROMISES + BATCHES * PER_BATCH);
        PoolUse use = AbandonedRequests.awaitPoolIdle(Api.managementPort(), Duration.ofSeconds(20));
        assertThat(use).isEqualTo(new PoolUse(0, 0));
    }

    /** The events of this run's promises, read from the database itself, not through the service. */
    private static long eventsOf(String run) throws Exception {
        var db = OutagePostgresResource.database();
        try (Connection connection = DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password());
                PreparedStatement count = connection.prepareStatement(
                        "SELECT count(*) FROM promise.events WHERE stream_type = 'promise' AND stream_id LIKE ?")) {
            count.setString(1, run + "-%");
            try (ResultSet rows = count.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }
}
