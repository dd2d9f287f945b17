package io.kept.promise;

import static io.kept.testkit.Api.given;

import io.kept.events.Topics;
import io.restassured.http.ContentType;
import io.kept.eventstore.testing.OnVertx;
import io.smallrye.mutiny.Uni;
import java.util.UUID;
import java.util.function.Supplier;

/** Shared by the promise-service integration tests (one Quarkus start for all of them). */
public final class PromiseTestSupport {

    public static final String TOPICS = Topics.PROMISE_EVENTS + "," + Topics.PROMISE_EVENTS + ".dlq";

    private PromiseTestSupport() {
    }

    /** Defines a Berlin office-hours calendar and a guarantee on it; answers the guarantee id. */
    public static String officeHoursGuarantee(String target) {
        String calendar = "office-" + UUID.randomUUID();
        given().contentType(ContentType.JSON).body("""
                {"zone":"Europe/Berlin",
                 "hours":{"monday":[{"from":"09:00","to":"17:00"}],"tuesday":[{"from":"09:00","to":"17:00"}],
                          "wednesday":[{"from":"09:00","to":"17:00"}],"thursday":[{"from":"09:00","to":"17:00"}],
                          "friday":[{"from":"09:00","to":"17:00"}]},
                 "holidays":[]}
                """).put("/calendars/" + calendar).then().statusCode(200);
        return guarantee(target, calendar);
    }

    public static String guarantee(String target, String calendar) {
        String id = "g-" + UUID.randomUUID();
        given().contentType(ContentType.JSON).body("""
                {"name":"Two-day delivery","customerProblem":"I need it before the weekend",
                 "promise":"Delivered within 2 business days","target":"%s","calendar":"%s","objective":0.95}
                """.formatted(target, calendar)).put("/guarantees/" + id).then().statusCode(201);
        return id;
    }

    public static <T> T onVertx(Supplier<Uni<T>> work) {
        return OnVertx.await(work);
    }
}
