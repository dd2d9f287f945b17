package io.kept.recovery.fault;

import static io.kept.recovery.RecoveryTestSupport.T0;
import static io.kept.recovery.RecoveryTestSupport.broken;
import static io.kept.recovery.RecoveryTestSupport.made;
import static io.kept.recovery.RecoveryTestSupport.record;
import static io.kept.testkit.Api.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.kept.events.Topics;
import io.kept.events.promise.Severity;
import io.kept.recovery.RecoveryTestSupport;
import io.kept.recovery.service.Recoveries;
import io.kept.testkit.DatabaseOutage;
import io.kept.testkit.KafkaResource;
import io.kept.testkit.OutagePostgresResource;
import io.restassured.RestAssured;
import io.kept.testkit.TopicReader;
import io.kept.testkit.TopicWriter;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The database away for 15 s while promise events arrive, in each of the forms production has (refusing connections,
 * refusing them itself with 55000, failing over with 57P01 and 57P03, dropping connections mid-transaction): every
 * record is retried until the database is back, none is dead-lettered, and every recovery opens exactly once. The
 * replica says so in health, and is never restarted for it (liveness stays UP).
 */
@QuarkusTest
@WithTestResource(OutagePostgresResource.class)
@WithTestResource(value = KafkaResource.class, initArgs = @ResourceArg(name = KafkaResource.TOPICS, value = RecoveryTestSupport.TOPICS))
class DatabaseOutageIT {

    private static final int PROMISES = 40;
    private static final Duration OUTAGE = Duration.ofSeconds(15);

    @ParameterizedTest
    @EnumSource(DatabaseOutage.Form.class)
    void recordsConsumedWhileTheDatabaseIsAwayAreRetriedNotDeadLettered(DatabaseOutage.Form form) {
        List<String> promises = new ArrayList<>();
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
        for (int i = 0; i < PROMISES; i++) {
            String promise = "p-" + UUID.randomUUID();
            promises.add(promise);
            records.add(record(made(promise, "c-" + UUID.randomUUID()), promise, T0.minusSeconds(3600)));
            records.add(record(broken(promise, T0, Severity.MAJOR, false), promise, T0));
        }

        DatabaseOutage.Observed seen = DatabaseOutage.during(RestAssured.port, form, OUTAGE,
                () -> TopicWriter.publish(KafkaResource.broker().bootstrapServers(), records));

        Set<String> recoveries = promises.stream().map(Recoveries::recoveryIdFor).collect(Collectors.toSet());
        var opened = TopicReader.readUntil(KafkaResource.broker().bootstrapServers(), Topics.RECOVERY_EVENTS,
                read -> read.stream().filter(r -> recoveries.contains(r.key())).count() >= PROMISES, Duration.ofSeconds(60))
                .stream().filter(r -> recoveries.contains(r.key())).toList();
        var deadLettered = DatabaseOutage.deadLettered(Topics.PROMISE_EVENTS, Set.copyOf(promises));
        // The relay publishes at least once: a record published again after a dropped connection carries the same
        // event id, and consumers dedupe by it. A second recovery.opened for one recovery would be a new event id.
        long events = opened.stream().map(r -> TopicReader.header(r, "ce_id")).distinct().count();
        assertThat(events + " recoveries opened, " + deadLettered.size() + " records dead-lettered")
                .as("%d promise events sent while the database was away (%s)", records.size(), form)
                .isEqualTo(PROMISES + " recoveries opened, 0 records dead-lettered");
        assertThat(opened).allSatisfy(r -> assertThat(TopicReader.header(r, "ce_type")).isEqualTo("io.kept.recovery.opened"));
        assertThat(opened.stream().map(r -> r.key()).distinct().count()).isEqualTo(PROMISES);
        for (String id : recoveries) {
            given().get("/recoveries/" + id).then().statusCode(200);
        }

        if (form != DatabaseOutage.Form.DROPPED) {
            assertThat(seen.retrying()).as("kept-consumers in /q/health during the outage")
                    .contains("retrying " + Topics.PROMISE_EVENTS);
            assertThat(seen.notReady()).as("readiness DOWN while the database is away").isTrue();
        }
        assertThat(seen.notLive()).as("liveness DOWN at any time (a restart cannot bring the database back)").isFalse();
        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            given().get("/q/health/ready").then().statusCode(200);
            given().get("/q/health").then().statusCode(200);
        });
    }
}
