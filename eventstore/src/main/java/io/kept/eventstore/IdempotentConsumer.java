package io.kept.eventstore;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Consumes each event at most once per consumer: the event id is recorded in the same
 * transaction as the consumer's own change (Debezium's consumed-message idea), so a
 * redelivery, a replay or a crash between commit and offset commit changes nothing.
 */
@ApplicationScoped
public class IdempotentConsumer {

    private final Clock clock;
    private final String table;

    public IdempotentConsumer(EventStoreConfig config, Clock clock) {
        this.clock = clock;
        this.table = Sql.schema(config.schema()) + ".consumed_events";
    }

    /**
     * Runs {@code work} in a transaction together with recording {@code eventId}, unless this
     * consumer recorded it before.
     *
     * @return true when the work ran, false when the event had been consumed already
     */
    public Uni<Boolean> once(String consumer, UUID eventId, Supplier<Uni<?>> work) {
        return UnitOfWork.transaction(() -> Db.update("INSERT INTO " + table
                        + " (consumer, event_id, consumed_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
                        consumer, eventId, Sql.timestamp(clock.instant()))
                .flatMap(inserted -> inserted == 0
                        ? Uni.createFrom().item(false)
                        : work.get().replaceWith(true)));
    }

    /**
     * Records a poll's events as consumed by {@code consumer} in the caller's transaction ({@link #recordNew}) and
     * answers those it had not consumed before, each once, in the order they came.
     */
    public Uni<List<IncomingEvent>> newOnes(String consumer, List<IncomingEvent> events) {
        return recordNew(consumer, events.stream().map(IncomingEvent::eventId).toList()).map(fresh -> {
            List<IncomingEvent> first = new ArrayList<>(fresh.size());
            for (IncomingEvent event : events) {
                if (fresh.remove(event.eventId())) {
                    first.add(event);
                }
            }
            return first;
        });
    }

    /**
     * Records {@code eventIds} as consumed by {@code consumer} in the caller's transaction, in one statement, and
     * answers those it had not recorded before: the events to apply now.
     */
    private Uni<Set<UUID>> recordNew(String consumer, List<UUID> eventIds) {
        if (eventIds.isEmpty()) {
            return Uni.createFrom().item(new HashSet<>());
        }
        // One statement whatever the poll's size: the ids travel as one array.
        return Db.rows("INSERT INTO " + table + " (consumer, event_id, consumed_at)"
                        + " SELECT $1, id, $2 FROM unnest($3::uuid[]) AS id ON CONFLICT DO NOTHING RETURNING event_id",
                        consumer, Sql.timestamp(clock.instant()), eventIds.toArray(UUID[]::new))
                .map(rows -> {
                    Set<UUID> recorded = new HashSet<>();
                    for (var row : rows) {
                        recorded.add(row.getUUID(0));
                    }
                    return recorded;
                });
    }
}
