package io.kept.eventstore;

import static io.kept.eventstore.KeptTestResources.await;
import static io.kept.eventstore.KeptTestResources.bootstrap;
import static io.kept.eventstore.KeptTestResources.event;
import static io.kept.eventstore.KeptTestResources.made;
import static io.kept.testkit.TopicReader.header;
import static io.kept.testkit.Api.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.hasItem;

import com.fasterxml.jackson.databind.JsonNode;
import io.kept.events.EventJson;
import io.kept.events.EventPayload;
import io.kept.events.StreamKind;
import io.kept.events.Topics;
import io.kept.events.promise.PromiseMade;
import io.kept.events.promise.PromisePaused;
import io.kept.events.promise.PromiseResumed;
import io.kept.eventstore.error.EventTooLargeException;
import io.kept.eventstore.error.Problem;
import io.kept.eventstore.outbox.OutboxRelay;
import io.kept.testkit.KafkaResource;
import io.kept.testkit.PostgresResource;
import io.kept.testkit.TopicReader;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(PostgresResource.class)
@WithTestResource(value = KafkaResource.class, initArgs = @ResourceArg(name = KafkaResource.TOPICS, value = KeptTestResources.TOPICS))
class OutboxRelayIT {

    private static final Duration WAIT = Duration.ofSeconds(60);

    private final EventStore store;
    private final OutboxRelay relay;

    OutboxRelayIT(EventStore store, OutboxRelay relay) {
        this.store = store;
        this.relay = relay;
    }

    @Test
    void anAppendedEventReachesItsTopicAsABinaryCloudEventKeyedByItsStream() throws Exception {
        String promiseId = "p-ce-" + UUID.randomUUID();
        PromiseMade made = made(promiseId, "c-ce");
        AppendResult result = await(() -> store.append(StreamId.of(StreamKind.PROMISE, promiseId),
                ExpectedVersion.noStream(), List.of(event(made))));
        String eventId = result.events().get(0).eventId().toString();

        ConsumerRecord<String, byte[]> record = single(Topics.PROMISE_EVENTS, r -> eventId.equals(header(r, "ce_id")));

        assertThat(record.key()).isEqualTo(promiseId);
        assertThat(header(record, "ce_specversion")).isEqualTo("1.0");
        assertThat(header(record, "ce_type")).isEqualTo("io.kept.promise.made");
        assertThat(header(record, "ce_source")).isEqualTo("/promise-service");
        assertThat(header(record, "ce_subject")).isEqualTo(promiseId);
        assertThat(Instant.parse(header(record, "ce_time"))).isEqualTo(made.madeAt());
        assertThat(header(record, "content-type")).isEqualTo("application/json");
        assertThat(header(record, "ce_streamversion")).isEqualTo("1");
        assertThat(EventJson.mapper().readValue(record.value(), PromiseMade.class)).isEqualTo(made);
    }

    @Test
    void aRelayStoppedMidwayAndRestartedPublishesEveryEventInOrderPerStream() throws Exception {
        String prefix = "p-restart-" + UUID.randomUUID() + "-";
        relay.stop();
        Map<String, List<UUID>> expected = new LinkedHashMap<>();
        try {
            for (int s = 0; s < 8; s++) {
                String promiseId = prefix + s;
                StreamId stream = StreamId.of(StreamKind.PROMISE, promiseId);
                List<UUID> ids = new ArrayList<>();
                for (int v = 0; v < 6; v++) {
                    NewEvent next = NewEvent.of(nth(promiseId, v), KeptTestResources.T0.plusSeconds(v));
                    int version = v;
                    await(() -> store.append(stream, ExpectedVersion.exactly(version), List.of(next)));
                    ids.add(next.eventId());
                }
                expected.put(promiseId, ids);
            }
            // Publish part of the backlog, then lose the acknowledgement of some of it, as a
            // crash between the broker's ack and the outbox commit would.
            int sent = 0;
            while (sent < 20) {
                sent += relay.publishOnce(20 - sent);
            }
            try (Connection c = KeptTestResources.jdbc(); Statement s = c.createStatement()) {
                s.executeUpdate("INSERT INTO store_test.outbox (position) SELECT position FROM store_test.events"
                        + " WHERE stream_id LIKE '" + prefix + "%' AND position NOT IN (SELECT position FROM store_test.outbox)"
                        + " ORDER BY position LIMIT 5");
            }
        } finally {
            relay.start();
        }

        int total = expected.values().stream().mapToInt(List::size).sum();
        List<ConsumerRecord<String, byte[]>> records = TopicReader.readUntil(bootstrap(), Topics.PROMISE_EVENTS,
                read -> distinctIds(read, prefix).size() >= total, WAIT);

        Map<String, List<UUID>> firstSeen = new HashMap<>();
        Set<UUID> seen = new HashSet<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            if (record.key() != null && record.key().startsWith(prefix)) {
                UUID id = UUID.fromString(header(record, "ce_id"));
                if (seen.add(id)) {
                    firstSeen.computeIfAbsent(record.key(), k -> new ArrayList<>()).add(id);
                }
            }
        }
        assertThat(firstSeen).isEqualTo(expected);
        Awaitility.await().atMost(WAIT).until(() -> pendingFor(prefix) == 0);
    }

    @Test
    void anEventWhoseTransactionCommitsAfterALaterOneIsStillPublished() throws Exception {
        String early = "p-gap-early-" + UUID.randomUUID();
        String late = "p-gap-late-" + UUID.randomUUID();
        try (Connection slow = KeptTestResources.jdbc(); Connection fast = KeptTestResources.jdbc()) {
            slow.setAutoCommit(false);
            fast.setAutoCommit(false);
            long slowPosition = insertLikeTheStore(slow, made(early, "c-gap"));
            long fastPosition = insertLikeTheStore(fast, made(late, "c-gap"));
            assertThat(slowPosition).isLessThan(fastPosition);

            fast.commit();
            single(Topics.PROMISE_EVENTS, r -> late.equals(r.key()));

            // The relay has published a higher position; a "position > checkpoint" reader would now skip this one.
            slow.commit();
        }
        ConsumerRecord<String, byte[]> record = single(Topics.PROMISE_EVENTS, r -> early.equals(r.key()));
        assertThat(header(record, "ce_type")).isEqualTo("io.kept.promise.made");
    }

    @Test
    void anEventAppendedWhileKafkaIsDownReachesTheTopicOnceKafkaIsBack() throws Exception {
        String promiseId = "p-outage-" + UUID.randomUUID();
        KafkaResource.broker().stop();
        try {
            AppendResult result = await(() -> store.append(StreamId.of(StreamKind.PROMISE, promiseId),
                    ExpectedVersion.noStream(), List.of(event(made(promiseId, "c-outage")))));
            assertThat(result.duplicate()).isFalse();

            // Durable but not yet published: the relay says so in /q/health/well, and after a while it is DOWN there;
            // the replica stays Ready, since it still takes writes (a broker outage must not empty the Services).
            Awaitility.await().atMost(WAIT).untilAsserted(() -> given().when().get("/q/health/well")
                    .then().statusCode(503)
                    .body("checks.find { it.name == 'outbox-relay' }.data.pending", org.hamcrest.Matchers.greaterThanOrEqualTo(1))
                    .body("checks.find { it.name == 'kafka' }.status", org.hamcrest.Matchers.equalTo("DOWN")));
            given().when().get("/q/health/ready").then().statusCode(200)
                    .body("checks.name", org.hamcrest.Matchers.not(hasItem("kafka")));
            assertThat(pendingFor(promiseId)).isEqualTo(1);
        } finally {
            KafkaResource.broker().restart();
        }

        single(Topics.PROMISE_EVENTS, r -> promiseId.equals(r.key()));
        Awaitility.await().atMost(WAIT).untilAsserted(() -> given().when().get("/q/health/well")
                .then().statusCode(200).body("checks.name", hasItem("outbox-relay")).body("checks.name", hasItem("kafka")));
    }

    @Test
    void anEventOverTheLargestThatCanBePublishedIsRefusedBeforeAnythingIsStored() throws Exception {
        String promiseId = "p-huge-" + UUID.randomUUID();
        PromiseMade huge = made(promiseId, "c-" + "x".repeat(1_000_001));
        assertThatThrownBy(() -> await(() -> store.append(StreamId.of(StreamKind.PROMISE, promiseId),
                ExpectedVersion.noStream(), List.of(event(huge)))))
                .isInstanceOf(EventTooLargeException.class)
                .satisfies(e -> assertThat(((EventTooLargeException) e).status()).isEqualTo(413))
                .satisfies(e -> assertThat(((EventTooLargeException) e).fields()).extracting(Problem.FieldProblem::field)
                        .containsExactly("customerId"));
        try (Connection c = KeptTestResources.jdbc(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM store_test.events WHERE stream_id = '" + promiseId + "'")) {
            rs.next();
            assertThat(rs.getLong(1)).as("events stored").isZero();
        }
    }

    @Test
    void anEventKafkaRefusesHoldsBackOnlyItsOwnStream() throws Exception {
        // Written by an older version without the size check, or with a larger limit than the broker's.
        String stuckId = "p-stuck-" + UUID.randomUUID();
        try (Connection c = KeptTestResources.jdbc()) {
            insertLikeTheStore(c, made(stuckId, "c-" + "y".repeat(1_100_000)));
        }
        await(() -> store.append(StreamId.of(StreamKind.PROMISE, stuckId), ExpectedVersion.exactly(1),
                List.of(new NewEvent(UUID.randomUUID(), nth(stuckId, 2), KeptTestResources.T0, Map.of()))));
        List<String> others = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String other = "p-unstuck-" + UUID.randomUUID();
            others.add(other);
            await(() -> store.append(StreamId.of(StreamKind.PROMISE, other), ExpectedVersion.noStream(),
                    List.of(event(made(other, "c-unstuck")))));
        }
        try {
            List<ConsumerRecord<String, byte[]>> read = TopicReader.readUntil(bootstrap(), Topics.PROMISE_EVENTS,
                    records -> records.stream().filter(r -> others.contains(r.key())).count() >= others.size(), WAIT);
            assertThat(read.stream().filter(r -> others.contains(r.key())).count())
                    .as("events of other streams published").isEqualTo(others.size());
            assertThat(read.stream().filter(r -> stuckId.equals(r.key())).count())
                    .as("events of the stuck stream published").isZero();
            assertThat(pendingFor(stuckId)).as("events of the stuck stream kept in the outbox").isEqualTo(2);
            given().when().get("/q/health/well").then().statusCode(503)
                    .body("checks.find { it.name == 'outbox-relay' }.data.'stuck promise/" + stuckId + "'",
                            org.hamcrest.Matchers.containsString("RecordTooLargeException"));
        } finally {
            try (Connection c = KeptTestResources.jdbc(); Statement s = c.createStatement()) {
                s.executeUpdate("DELETE FROM store_test.outbox WHERE position IN (SELECT position FROM store_test.events"
                        + " WHERE stream_id = '" + stuckId + "')");
            }
            relay.stop();
            relay.start();
        }
        Awaitility.await().atMost(WAIT).untilAsserted(() -> given().when().get("/q/health/ready").then().statusCode(200));
    }

    private static EventPayload nth(String promiseId, int v) {
        Instant at = KeptTestResources.T0.plusSeconds(v);
        if (v == 0) {
            return made(promiseId, "c-restart");
        }
        return v % 2 == 1
                ? new PromisePaused(promiseId, at, "waiting on the customer")
                : new PromiseResumed(promiseId, at, at.plus(Duration.ofHours(4)));
    }

    private static Set<UUID> distinctIds(List<ConsumerRecord<String, byte[]>> records, String keyPrefix) {
        Set<UUID> ids = new HashSet<>();
        for (ConsumerRecord<String, byte[]> r : records) {
            if (r.key() != null && r.key().startsWith(keyPrefix)) {
                ids.add(UUID.fromString(header(r, "ce_id")));
            }
        }
        return ids;
    }

    private static ConsumerRecord<String, byte[]> single(String topic, Predicate<ConsumerRecord<String, byte[]>> match) {
        List<ConsumerRecord<String, byte[]>> read = TopicReader.readUntil(bootstrap(), topic,
                records -> records.stream().anyMatch(match), WAIT);
        List<ConsumerRecord<String, byte[]>> matching = read.stream().filter(match).toList();
        assertThat(matching).as("records on %s matching", topic).hasSize(1);
        return matching.get(0);
    }

    private static long pendingFor(String streamIdPrefix) throws Exception {
        try (Connection c = KeptTestResources.jdbc(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM store_test.outbox o JOIN store_test.events e USING (position)"
                        + " WHERE e.stream_id LIKE '" + streamIdPrefix + "%'")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** The rows an append writes, through a transaction the test controls. */
    private static long insertLikeTheStore(Connection c, PromiseMade made) throws Exception {
        JsonNode data = EventJson.mapper().valueToTree(made);
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO store_test.events (stream_type, stream_id, stream_version,"
                + " event_id, event_type, occurred_at, recorded_at, data) VALUES ('promise', ?, 1, ?, 'io.kept.promise.made',"
                + " now(), now(), ?::jsonb) RETURNING position")) {
            insert.setString(1, made.promiseId());
            insert.setObject(2, UUID.randomUUID());
            insert.setString(3, data.toString());
            try (ResultSet rs = insert.executeQuery()) {
                rs.next();
                long position = rs.getLong(1);
                try (PreparedStatement outbox = c.prepareStatement("INSERT INTO store_test.outbox (position) VALUES (?)")) {
                    outbox.setLong(1, position);
                    outbox.executeUpdate();
                }
                return position;
            }
        }
    }
}
