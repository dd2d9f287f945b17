package io.kept.eventstore;

import static io.kept.eventstore.KeptTestResources.await;
import static io.kept.eventstore.KeptTestResources.event;
import static io.kept.eventstore.KeptTestResources.made;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kept.events.StreamKind;
import io.kept.testkit.KafkaResource;
import io.kept.testkit.PostgresResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(PostgresResource.class)
@WithTestResource(value = KafkaResource.class, initArgs = @ResourceArg(name = KafkaResource.TOPICS, value = KeptTestResources.TOPICS))
class IdempotentConsumerIT {

    private final IdempotentConsumer consumer;
    private final EventStore store;

    IdempotentConsumerIT(IdempotentConsumer consumer, EventStore store) {
        this.consumer = consumer;
        this.store = store;
    }

    @Test
    void aRedeliveredEventChangesNothing() {
        UUID consumed = UUID.randomUUID();
        StreamId stream = StreamId.of(StreamKind.PROMISE, "p-consumed-" + UUID.randomUUID());

        boolean first = await(() -> consumer.once("test-consumer", consumed, () -> appendMade(stream)));
        boolean redelivered = await(() -> consumer.once("test-consumer", consumed, () -> appendMade(stream)));

        assertThat(first).isTrue();
        assertThat(redelivered).isFalse();
        assertThat(await(() -> store.load(stream))).hasSize(1);
    }

    @Test
    void whenTheChangeFailsTheEventIsNotMarkedConsumedSoARetryApplies() {
        UUID consumed = UUID.randomUUID();
        StreamId stream = StreamId.of(StreamKind.PROMISE, "p-retried-" + UUID.randomUUID());

        assertThatThrownBy(() -> await(() -> consumer.once("test-consumer", consumed,
                () -> appendMade(stream).chain(() -> Uni.createFrom().failure(new IllegalStateException("crash"))))))
                .hasMessageContaining("crash");
        boolean retried = await(() -> consumer.once("test-consumer", consumed, () -> appendMade(stream)));

        assertThat(retried).isTrue();
        assertThat(await(() -> store.load(stream))).hasSize(1);
    }

    @Test
    void eachConsumerKeepsItsOwnRecord() {
        UUID consumed = UUID.randomUUID();
        assertThat(await(() -> consumer.once("first", consumed, () -> Uni.createFrom().voidItem()))).isTrue();
        assertThat(await(() -> consumer.once("second", consumed, () -> Uni.createFrom().voidItem()))).isTrue();
    }

    private Uni<AppendResult> appendMade(StreamId stream) {
        return store.append(stream, ExpectedVersion.noStream(), List.of(event(made(stream.id(), "c-1"))));
    }
}
