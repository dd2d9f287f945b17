package io.kept.recovery.watcher;

import static io.kept.recovery.RecoveryTestSupport.T0;
import static io.kept.recovery.RecoveryTestSupport.recoveryEvents;
import static io.kept.testkit.Api.given;
import static io.kept.testkit.FamilyTopics.types;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.kept.events.promise.Severity;
import io.kept.recovery.RecoveryTestSupport;
import io.kept.testkit.KafkaResource;
import io.kept.testkit.OnVertx;
import io.kept.testkit.PostgresResource;
import io.kept.testkit.Replicas;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(PostgresResource.class)
@WithTestResource(value = KafkaResource.class, initArgs = @ResourceArg(name = KafkaResource.TOPICS, value = RecoveryTestSupport.TOPICS))
class RecoveryClocksIT {

    private final RecoveryClocks clocks;

    RecoveryClocksIT(RecoveryClocks clocks) {
        this.clocks = clocks;
    }

    @Test
    void twoReplicasRacingEscalateAMissedAcknowledgementOnce() throws Exception {
        String id = io.kept.recovery.rest.RecoveryResourceITSupport.open("c-" + UUID.randomUUID(), Severity.MAJOR);
        Instant late = T0.plus(Duration.ofHours(1));

        Replicas.race(2, () -> OnVertx.await(() -> clocks.runOnce(late)));
        OnVertx.await(() -> clocks.runOnce(late.plusSeconds(600)));

        given().get("/recoveries/" + id).then()
                .body("clocks.acknowledgeOverdue", equalTo(true))
                .body("clocks.resolveOverdue", equalTo(false))
                .body("steps.size()", equalTo(2));
        assertThat(types(recoveryEvents(id, 2))).containsExactly("io.kept.recovery.opened", "io.kept.recovery.escalated");
    }

    @Test
    void anAcknowledgedRecoveryMissingItsResolveTargetIsEscalatedForThat() {
        String id = io.kept.recovery.rest.RecoveryResourceITSupport.open("c-" + UUID.randomUUID(), Severity.MAJOR);
        given().contentType(ContentType.JSON).body("{\"apology\":\"Sorry\",\"at\":\"" + T0.plusSeconds(60) + "\"}")
                .post("/recoveries/" + id + "/acknowledged").then().statusCode(200);
        OnVertx.await(() -> clocks.runOnce(T0.plus(Duration.ofHours(2))));
        OnVertx.await(() -> clocks.runOnce(T0.plus(Duration.ofDays(1))));

        given().get("/recoveries/" + id).then()
                .body("clocks.acknowledgeOverdue", equalTo(false))
                .body("clocks.resolveOverdue", equalTo(true))
                .body("escalations[0]", equalTo("resolve-overdue"));
    }
}
