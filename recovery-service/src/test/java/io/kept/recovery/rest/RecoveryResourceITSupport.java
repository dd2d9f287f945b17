package io.kept.recovery.rest;

import static io.kept.recovery.RecoveryTestSupport.T0;
import static io.kept.recovery.RecoveryTestSupport.broken;
import static io.kept.recovery.RecoveryTestSupport.made;
import static io.kept.recovery.RecoveryTestSupport.record;
import static io.kept.testkit.Api.given;
import static io.kept.testkit.FamilyTopics.publish;

import io.kept.events.promise.Severity;
import io.kept.recovery.service.Recoveries;
import java.time.Duration;
import java.util.UUID;
import org.awaitility.Awaitility;

/** Opens recoveries the way they always open: from a broken promise on the topic. */
public final class RecoveryResourceITSupport {

    private RecoveryResourceITSupport() {
    }

    /** Publishes a promise made and broken at T0 for the customer; answers the recovery id once it is readable. */
    public static String open(String customer, Severity severity) {
        String promise = "p-" + UUID.randomUUID();
        publish(record(made(promise, customer), promise, T0.minusSeconds(3600)),
                record(broken(promise, T0, severity, false), promise, T0));
        String id = Recoveries.recoveryIdFor(promise);
        Awaitility.await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> given().get("/recoveries/" + id).then().statusCode(200));
        return id;
    }
}
