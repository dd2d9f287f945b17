package io.kept.eventstore;

import io.kept.events.Topics;
import io.kept.events.promise.PromiseMade;
import io.kept.testkit.KafkaResource;
import io.kept.testkit.OnVertx;
import io.kept.testkit.PostgresResource;
import io.kept.testkit.TestDatabase;
import io.smallrye.mutiny.Uni;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

/** Shared by the library's integration tests: one topic list, helpers to run on a Vert.x context. */
final class KeptTestResources {

    static final String TOPICS = Topics.PROMISE_EVENTS + "," + Topics.RECOVERY_EVENTS + "," + Topics.FOLLOWUP_EVENTS;
    static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");

    private KeptTestResources() {
    }

    /** Runs reactive store code the way an endpoint or consumer would: on a Vert.x context. */
    static <T> T await(Supplier<Uni<T>> work) {
        return OnVertx.await(work);
    }

    static Connection jdbc() throws SQLException {
        TestDatabase db = PostgresResource.current();
        return DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password());
    }

    static String bootstrap() {
        return KafkaResource.broker().bootstrapServers();
    }

    static PromiseMade made(String promiseId, String customerId) {
        return new PromiseMade(promiseId, "g-1", 1, customerId, T0, T0.plus(Duration.ofHours(4)),
                Duration.ofHours(4), "web", "team-a", null, 0.8);
    }

    static NewEvent event(PromiseMade payload) {
        return NewEvent.of(payload, payload.madeAt());
    }
}
