package io.kept.followup.fault;

import static io.kept.followup.FollowUpTestSupport.opened;
import static io.kept.followup.FollowUpTestSupport.record;
import static io.kept.followup.FollowUpTestSupport.resolved;
import static io.kept.testkit.Api.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.kept.events.Topics;
import io.kept.events.followup.FollowUpKind;
import io.kept.followup.FollowUpTestSupport;
import io.kept.followup.domain.FollowUpPolicy;
import io.kept.testkit.DatabaseOutage;
import io.kept.testkit.KafkaResource;
import io.kept.testkit.OutagePostgresResource;
import io.kept.testkit.TopicReader;
import io.kept.testkit.TopicWriter;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The database refusing connections for 25 s while 40 recoveries are opened and resolved: each
 * gets its satisfaction check and check-in exactly once when the database is back, and nothing is
 * dead-lettered.
 */
@QuarkusTest
@WithTestResource(OutagePostgresResource.class)
@WithTestResource(value = KafkaResource.class, initArgs = @ResourceArg(name = KafkaResource.TOPICS, value = FollowUpTestSupport.TOPICS))
class DatabaseOutageIT {

    private static final int RECOVERIES = 40;

    @Test
    void recoveriesResolvedWhileTheDatabaseIsAwayGetTheirFollowUpsOnce() {
        Set<String> recoveries = new HashSet<>();
        Set<String> followUps = new HashSet<>();
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
        for (int i = 0; i < RECOVERIES; i++) {
            String recovery = UUID.randomUUID().toString();
            recoveries.add(recovery);
            followUps.add(FollowUpPolicy.followUpId(recovery, FollowUpKind.SATISFACTION_CHECK));
            followUps.add(FollowUpPolicy.followUpId(recovery, FollowUpKind.CHECK_IN));
            records.add(record(opened(recovery, "c-" + recovery), recovery));
            records.add(record(resolved(recovery), recovery));
        }

        DatabaseOutage.Observed seen = DatabaseOutage.during(RestAssured.port, Duration.ofSeconds(25),
                () -> TopicWriter.publish(KafkaResource.broker().bootstrapServers(), records));

        var scheduled = TopicReader.readUntil(KafkaResource.broker().bootstrapServers(), Topics.FOLLOWUP_EVENTS,
                read -> read.stream().filter(r -> followUps.contains(r.key())).count() >= followUps.size(),
                Duration.ofSeconds(60)).stream().filter(r -> followUps.contains(r.key())).toList();
        int deadLettered = DatabaseOutage.deadLettered(Topics.RECOVERY_EVENTS, recoveries).size();
        assertThat(scheduled.size() + " follow-ups scheduled, " + deadLettered + " records dead-lettered")
                .as("%d recovery events sent while the database was away", records.size())
                .isEqualTo(followUps.size() + " follow-ups scheduled, 0 records dead-lettered");
        assertThat(scheduled).allSatisfy(r ->
                assertThat(TopicReader.header(r, "ce_type")).isEqualTo("io.kept.followup.scheduled"));
        assertThat(scheduled.stream().map(r -> r.key()).distinct().count()).isEqualTo(followUps.size());
        for (String id : followUps) {
            given().get("/followups/" + id).then().statusCode(200);
        }
        assertThat(seen.retrying()).as("kept-consumers in /q/health during the outage").contains("retrying " + Topics.RECOVERY_EVENTS);
        assertThat(seen.notReady()).as("readiness DOWN during the outage").isTrue();
        assertThat(seen.notLive()).as("liveness DOWN at any time (a restart cannot bring the database back)").isFalse();
        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            given().get("/q/health/ready").then().statusCode(200);
            given().get("/q/health").then().statusCode(200);
        });
    }
}
