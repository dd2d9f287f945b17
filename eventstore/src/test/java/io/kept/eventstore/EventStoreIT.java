package io.kept.eventstore;

import static io.kept.eventstore.KeptTestResources.await;
import static io.kept.eventstore.KeptTestResources.event;
import static io.kept.eventstore.KeptTestResources.made;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kept.events.StreamKind;
import io.kept.events.promise.PromiseCancelled;
import io.kept.events.promise.PromiseMade;
import io.kept.eventstore.error.ConcurrencyConflictException;
import io.kept.eventstore.error.IdempotencyConflictException;
import io.kept.testkit.KafkaResource;
import io.kept.testkit.PostgresResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(PostgresResource.class)
@WithTestResource(value = KafkaResource.class, initArgs = @ResourceArg(name = KafkaResource.TOPICS, value = KeptTestResources.TOPICS))
class EventStoreIT {

    private final EventStore store;

    EventStoreIT(EventStore store) {
        this.store = store;
    }

    @Test
    void appendedEventsLoadBackInStreamOrder() {
        StreamId stream = StreamId.of(StreamKind.PROMISE, "p-order-" + UUID.randomUUID());
        PromiseMade made = made(stream.id(), "c-1");
        await(() -> store.append(stream, ExpectedVersion.noStream(), List.of(event(made))));
        PromiseCancelled cancelled = new PromiseCancelled(stream.id(), KeptTestResources.T0.plusSeconds(60), "customer changed plans");
        AppendResult second = await(() -> store.append(stream, ExpectedVersion.exactly(1),
                List.of(NewEvent.of(cancelled, cancelled.cancelledAt()))));

        List<StoredEvent> loaded = await(() -> store.load(stream));

        assertThat(second.version()).isEqualTo(2);
        assertThat(loaded).extracting(StoredEvent::version).containsExactly(1, 2);
        assertThat(loaded.get(0).payload()).isEqualTo(made);
        assertThat(loaded.get(1).payload()).isEqualTo(cancelled);
        assertThat(loaded.get(0).position()).isLessThan(loaded.get(1).position());
        assertThat(loaded.get(0).occurredAt()).isEqualTo(made.madeAt());
    }

    @Test
    void twentyConcurrentAppendsAtTheSameVersionLetExactlyOneWin() throws Exception {
        StreamId stream = StreamId.of(StreamKind.PROMISE, "p-race-" + UUID.randomUUID());
        int writers = 20;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Boolean>> outcomes = new ArrayList<>();
        try {
            for (int i = 0; i < writers; i++) {
                String customer = "c-" + i;
                Callable<Boolean> writer = () -> {
                    start.await();
                    try {
                        await(() -> store.append(stream, ExpectedVersion.noStream(), List.of(event(made(stream.id(), customer)))));
                        return true;
                    } catch (ConcurrencyConflictException e) {
                        return false;
                    }
                };
                outcomes.add(pool.submit(writer));
            }
            start.countDown();
            int won = 0;
            for (Future<Boolean> outcome : outcomes) {
                won += outcome.get() ? 1 : 0;
            }
            assertThat(won).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(await(() -> store.load(stream))).hasSize(1);
    }

    @Test
    void aStaleExpectedVersionIsAConflictThatSaysWhereTheStreamIs() {
        StreamId stream = StreamId.of(StreamKind.PROMISE, "p-stale-" + UUID.randomUUID());
        await(() -> store.append(stream, ExpectedVersion.noStream(), List.of(event(made(stream.id(), "c-1")))));

        assertThatThrownBy(() -> await(() -> store.append(stream, ExpectedVersion.noStream(),
                List.of(event(made(stream.id(), "c-2"))))))
                .isInstanceOf(ConcurrencyConflictException.class)
                .hasMessageContaining("version 1, expected 0");
    }

    @Test
    void retryingAnAppendWithTheSameEventIdsAppendsNothingAndAnswersTheFirstResult() throws SQLException {
        StreamId stream = StreamId.of(StreamKind.PROMISE, "p-retry-" + UUID.randomUUID());
        NewEvent first = event(made(stream.id(), "c-1"));
        AppendResult original = await(() -> store.append(stream, ExpectedVersion.noStream(), List.of(first)));

        // The client did not hear the answer and sends the same event again, expecting the old version.
        AppendResult retried = await(() -> store.append(stream, ExpectedVersion.noStream(), List.of(first)));

        assertThat(retried.duplicate()).isTrue();
        assertThat(retried.events()).extracting(StoredEvent::position).isEqualTo(
                original.events().stream().map(StoredEvent::position).toList());
        assertThat(countRows("events WHERE stream_id = '" + stream.id() + "'")).isEqualTo(1);
        assertThat(countRows("outbox o JOIN store_test.events e USING (position) WHERE e.stream_id = '" + stream.id() + "'"))
                .isLessThanOrEqualTo(1);
    }

    @Test
    void anEventIdReusedForAnotherEventIsRefused() {
        StreamId stream = StreamId.of(StreamKind.PROMISE, "p-reuse-" + UUID.randomUUID());
        NewEvent first = event(made(stream.id(), "c-1"));
        await(() -> store.append(stream, ExpectedVersion.noStream(), List.of(first)));
        PromiseCancelled cancelled = new PromiseCancelled(stream.id(), KeptTestResources.T0, null);
        NewEvent sameId = new NewEvent(first.eventId(), cancelled, cancelled.cancelledAt(), Map.of());

        assertThatThrownBy(() -> await(() -> store.append(stream, ExpectedVersion.exactly(1), List.of(sameId))))
                .isInstanceOf(IdempotencyConflictException.class)
                .hasMessageContaining(first.eventId().toString());
    }

    @Test
    void storedEventsCannotBeChangedOrDeleted() throws SQLException {
        StreamId stream = StreamId.of(StreamKind.PROMISE, "p-fact-" + UUID.randomUUID());
        await(() -> store.append(stream, ExpectedVersion.noStream(), List.of(event(made(stream.id(), "c-1")))));

        try (Connection c = KeptTestResources.jdbc(); Statement s = c.createStatement()) {
            assertThatThrownBy(() -> s.executeUpdate("UPDATE store_test.events SET data = '{}' WHERE stream_id = '" + stream.id() + "'"))
                    .hasMessageContaining("events are facts");
            assertThatThrownBy(() -> s.executeUpdate("DELETE FROM store_test.events WHERE stream_id = '" + stream.id() + "'"))
                    .hasMessageContaining("events are facts");
        }
    }

    private static long countRows(String fromWhere) throws SQLException {
        try (Connection c = KeptTestResources.jdbc(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM store_test." + fromWhere)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
