package io.kept.followup.listener;

import static io.kept.followup.FollowUpTestSupport.RESOLVED;
import static io.kept.followup.FollowUpTestSupport.followUpEvents;
import static io.kept.followup.FollowUpTestSupport.opened;
import static io.kept.followup.FollowUpTestSupport.record;
import static io.kept.followup.FollowUpTestSupport.resolved;
import static io.kept.testkit.Api.given;
import static io.kept.testkit.FamilyTopics.publish;
import static io.kept.testkit.FamilyTopics.types;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.kept.events.EventJson;
import io.kept.events.Topics;
import io.kept.events.followup.FollowUpKind;
import io.kept.events.recovery.RecoveryAbandoned;
import io.kept.followup.FollowUpTestSupport;
import io.kept.followup.domain.FollowUpPolicy;
import io.kept.testkit.KafkaResource;
import io.kept.testkit.PostgresResource;
import io.kept.testkit.TopicReader;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(PostgresResource.class)
@WithTestResource(value = KafkaResource.class, initArgs = @ResourceArg(name = KafkaResource.TOPICS, value = FollowUpTestSupport.TOPICS))
class RecoveryEventsListenerIT {

    @Test
    void aResolvedRecoverySchedulesASatisfactionCheckAndACheckInAndACompletionIsPublished() throws Exception {
        String customer = "c-" + UUID.randomUUID();
        String recoveryId = FollowUpTestSupport.resolvedRecovery(customer);
        String check = FollowUpPolicy.followUpId(recoveryId, FollowUpKind.SATISFACTION_CHECK);
        String checkIn = FollowUpPolicy.followUpId(recoveryId, FollowUpKind.CHECK_IN);

        var scheduled = followUpEvents(check, 1);
        assertThat(types(scheduled)).containsExactly("io.kept.followup.scheduled");
        var data = EventJson.mapper().readTree(scheduled.get(0).value());
        assertThat(data.path("dueAt").asText()).isEqualTo(RESOLVED.plus(Duration.ofHours(2)).toString());
        assertThat(data.path("customerId").asText()).isEqualTo(customer);
        assertThat(TopicReader.header(scheduled.get(0), "ce_source")).isEqualTo("/followup-service");
        // Scheduled when the recovery was resolved, due two hours later.
        assertThat(java.time.OffsetDateTime.parse(TopicReader.header(scheduled.get(0), "ce_time")).toInstant())
                .isEqualTo(RESOLVED);
        given().get("/followups/" + checkIn).then().statusCode(200)
                .body("kind", equalTo("check-in"))
                .body("dueAt", equalTo(RESOLVED.plus(Duration.ofDays(3)).toString()));

        given().contentType(ContentType.JSON).body("{\"satisfied\":true,\"score\":5,\"retained\":true,\"comment\":\"thank you\"}")
                .post("/followups/" + check + "/completed").then().statusCode(200).body("status", equalTo("completed"));
        assertThat(types(followUpEvents(check, 2))).containsExactly("io.kept.followup.scheduled",
                "io.kept.followup.completed");
    }

    @Test
    void aRedeliveredResolutionSchedulesNothingTwice() {
        String recoveryId = UUID.randomUUID().toString();
        UUID resolvedId = UUID.randomUUID();
        publish(record(opened(recoveryId, "c-redelivery"), recoveryId),
                record(resolved(recoveryId), recoveryId, resolvedId),
                record(resolved(recoveryId), recoveryId, resolvedId),
                record(resolved(recoveryId), recoveryId));
        // A later recovery shows the consumer got past all three.
        String marker = FollowUpTestSupport.resolvedRecovery("c-marker");
        followUpEvents(FollowUpPolicy.followUpId(marker, FollowUpKind.CHECK_IN), 1);

        String check = FollowUpPolicy.followUpId(recoveryId, FollowUpKind.SATISFACTION_CHECK);
        assertThat(types(followUpEvents(check, 1))).containsExactly("io.kept.followup.scheduled");
        given().queryParam("customerId", "c-redelivery").get("/followups").then().body("items.size()", equalTo(2));
    }

    @Test
    void anAbandonedRecoveryGetsASingleCheckIn() {
        String recoveryId = UUID.randomUUID().toString();
        String customer = "c-" + UUID.randomUUID();
        publish(record(opened(recoveryId, customer), recoveryId),
                record(new RecoveryAbandoned(recoveryId, RESOLVED, "customer unreachable", null), recoveryId));
        String checkIn = FollowUpPolicy.followUpId(recoveryId, FollowUpKind.CHECK_IN);
        assertThat(types(followUpEvents(checkIn, 1))).containsExactly("io.kept.followup.scheduled");
        given().queryParam("customerId", customer).get("/followups").then()
                .body("items.size()", equalTo(1)).body("items[0].kind", equalTo("check-in"));
    }

    @Test
    void aResolutionOfAnUnknownRecoveryGoesToTheDeadLetterTopicAndTheConsumerGoesOn() {
        String orphan = UUID.randomUUID().toString();
        publish(record(resolved(orphan), orphan));
        var dead = TopicReader.readUntil(KafkaResource.broker().bootstrapServers(), Topics.RECOVERY_EVENTS + ".dlq",
                read -> read.stream().anyMatch(r -> orphan.equals(r.key())), Duration.ofSeconds(30))
                .stream().filter(r -> orphan.equals(r.key())).toList();
        assertThat(dead).hasSize(1);
        assertThat(TopicReader.header(dead.get(0), "dead-letter-reason")).contains("never seen");

        String alive = FollowUpTestSupport.resolvedRecovery("c-alive");
        assertThat(followUpEvents(FollowUpPolicy.followUpId(alive, FollowUpKind.CHECK_IN), 1)).hasSize(1);
    }
}
