package io.kept.eventstore;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.kept.events.EventJson;
import io.kept.events.EventPayload;
import io.kept.events.EventType;
import io.kept.events.StreamKind;
import io.kept.eventstore.error.ConcurrencyConflictException;
import io.kept.eventstore.error.EventTooLargeException;
import io.kept.eventstore.error.IdempotencyConflictException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The append-only event store of one service.
 *
 * <p>Every method joins the caller's {@link UnitOfWork} when there is one (so a
 * consumer can record the event it consumed in the same transaction), and opens its own
 * otherwise. An append also writes each event's position to the outbox in the same
 * transaction; the {@link io.kept.eventstore.outbox.OutboxRelay} publishes from there. So a
 * committed append is durable and will reach Kafka, and nothing else is ever needed to
 * "also send" an event.
 */
@ApplicationScoped
public class EventStore {

    private static final String COLUMNS =
            "position, stream_version, event_id, event_type, occurred_at, recorded_at, data::text, metadata::text";

    private final Clock clock;
    private final String events;
    private final String outbox;
    private final int maxEventBytes;

    public EventStore(EventStoreConfig config, Clock clock) {
        this.clock = clock;
        this.maxEventBytes = config.maxEventBytes();
        String schema = Sql.schema(config.schema());
        this.events = schema + ".events";
        this.outbox = schema + ".outbox";
    }

    /**
     * Appends events to a stream if it is at the expected version.
     *
     * <p>Idempotent by event id: when every event id was appended to this stream before with
     * the same types, nothing is written and the first result is answered again
     * ({@link AppendResult#duplicate()}). An id already used for something else is an
     * {@link IdempotencyConflictException}; a stream moved on by another writer is a
     * {@link ConcurrencyConflictException}.
     *
     * <p>One statement when nothing is in the way: the events and their outbox rows are inserted
     * together, and the database's own unique keys (stream version, event id) decide whether the
     * stream was where the writer believed and whether the ids are new ({@code ON CONFLICT DO
     * NOTHING}, so the transaction stays usable). Only when a row was refused does a second query
     * find out why. Either failure leaves nothing of this append behind, so the caller may decide
     * again in the same transaction.
     */
    public Uni<AppendResult> append(StreamId stream, ExpectedVersion expected, List<NewEvent> newEvents) {
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(expected, "expected");
        if (newEvents == null || newEvents.isEmpty()) {
            throw new IllegalArgumentException("Nothing to append to " + stream);
        }
        for (NewEvent event : newEvents) {
            if (event.type().stream() != stream.kind()) {
                throw new IllegalArgumentException(event.type().type() + " does not belong on a " + stream.kind().prefix() + " stream");
            }
        }
        List<Serialized> serialized = newEvents.stream().map(this::serialize).toList();
        return UnitOfWork.transaction(() -> (expected.isAny()
                        ? currentVersion(stream)
                        : Uni.createFrom().item(expected.version()))
                .flatMap(current -> insert(stream, current, newEvents, serialized)
                        .flatMap(result -> result != null ? Uni.createFrom().item(result)
                                : refused(stream, expected, newEvents))));
    }

    /** Every event of a stream, in order; empty when the stream does not exist. */
    public Uni<List<StoredEvent>> load(StreamId stream) {
        return Db.rows("SELECT " + COLUMNS + " FROM " + events
                        + " WHERE stream_type = $1 AND stream_id = $2 ORDER BY stream_version", stream.kind().prefix(), stream.id())
                .map(rows -> rows.stream().map(row -> toStored(stream, row, 0)).toList());
    }

    /** The ids of every stream of a kind, in id order. For small kinds (guarantees, calendars). */
    public Uni<List<String>> streamIds(StreamKind kind) {
        return Db.rows("SELECT DISTINCT stream_id FROM " + events + " WHERE stream_type = $1 ORDER BY stream_id",
                        kind.prefix())
                .map(rows -> rows.stream().map(row -> row.getString(0)).toList());
    }

    /** The stream's current version: 0 when it has no events. */
    public Uni<Integer> version(StreamId stream) {
        return currentVersion(stream);
    }

    /** An event's data and metadata as JSON, checked against the largest event the relay can publish. */
    private record Serialized(String data, String metadata) {
    }

    private Serialized serialize(NewEvent event) {
        String data = json(event.payload());
        String metadata = json(event.metadata());
        // A char is at most 3 UTF-8 bytes: count bytes only when the chars alone come close.
        if (data.length() + metadata.length() > maxEventBytes / 3) {
            long bytes = utf8Length(data) + utf8Length(metadata);
            if (bytes > maxEventBytes) {
                throw EventTooLargeException.of(event.type(), EventJson.mapper().valueToTree(event.payload()), bytes,
                        maxEventBytes);
            }
        }
        return new Serialized(data, metadata);
    }

    private static long utf8Length(String s) {
        long bytes = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                bytes++;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c)) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    /**
     * Inserts the events after version {@code current}, skipping any row a unique key refuses; answers null when
     * any was refused, having removed the rows that were not.
     */
    private Uni<AppendResult> insert(StreamId stream, int current, List<NewEvent> newEvents,
            List<Serialized> serialized) {
        Instant recordedAt = clock.instant();
        StringBuilder values = new StringBuilder();
        List<Object> params = new ArrayList<>(newEvents.size() * 9);
        int version = current;
        for (int e = 0; e < newEvents.size(); e++) {
            NewEvent event = newEvents.get(e);
            version++;
            if (values.length() > 0) {
                values.append(", ");
            }
            int p = params.size();
            values.append("($").append(p + 1).append(", $").append(p + 2).append(", $").append(p + 3)
                    .append(", $").append(p + 4).append(", $").append(p + 5).append(", $").append(p + 6)
                    .append(", $").append(p + 7)
                    // Cast through text: a string bound straight to jsonb would be stored as a JSON string.
                    .append(", CAST(CAST($").append(p + 8).append(" AS text) AS jsonb), CAST(CAST($")
                    .append(p + 9).append(" AS text) AS jsonb))");
            params.add(stream.kind().prefix());
            params.add(stream.id());
            params.add(version);
            params.add(event.eventId());
            params.add(event.type().type());
            params.add(Sql.timestamp(event.occurredAt()));
            params.add(Sql.timestamp(recordedAt));
            params.add(serialized.get(e).data());
            params.add(serialized.get(e).metadata());
        }
        String sql = "WITH inserted AS (INSERT INTO " + events
                + " (stream_type, stream_id, stream_version, event_id, event_type, occurred_at, recorded_at, data, metadata)"
                + " VALUES " + values + " ON CONFLICT DO NOTHING RETURNING position, stream_version),"
                + " queued AS (INSERT INTO " + outbox + " (position) SELECT position FROM inserted)"
                + " SELECT position, stream_version FROM inserted ORDER BY stream_version";
        int first = current + 1;
        return Db.rows(sql, params).flatMap(rows -> {
            if (rows.size() < newEvents.size()) {
                return rows.isEmpty() ? Uni.createFrom().nullItem() : removeInserted(rows).replaceWith((AppendResult) null);
            }
            List<StoredEvent> stored = new ArrayList<>(rows.size());
            for (int i = 0; i < rows.size(); i++) {
                NewEvent event = newEvents.get(i);
                stored.add(new StoredEvent(rows.get(i).getLong(0), stream, first + i, event.eventId(), event.type(),
                        event.occurredAt(), recordedAt, serialized.get(i).data(), serialized.get(i).metadata(),
                        event.payload()));
            }
            return Uni.createFrom().item(new AppendResult(stream, first + rows.size() - 1, List.copyOf(stored), false));
        });
    }

    /** Takes back the part of an append that got in before a later row was refused. */
    private Uni<Void> removeInserted(List<Row> rows) {
        String positions = rows.stream().map(row -> Long.toString(row.getLong(0))).collect(Collectors.joining(","));
        return Db.update("DELETE FROM " + outbox + " WHERE position IN (" + positions + ")")
                .chain(() -> Db.update("DELETE FROM " + events + " WHERE position IN (" + positions + ")"))
                .replaceWithVoid();
    }

    /** Why an append was refused: its ids were used before (a retry, or a conflict), or the stream moved on. */
    private Uni<AppendResult> refused(StreamId stream, ExpectedVersion expected, List<NewEvent> newEvents) {
        return alreadyAppended(newEvents).flatMap(existing -> existing.isEmpty()
                ? currentVersion(stream).flatMap(actual -> Uni.createFrom().<AppendResult>failure(
                        new ConcurrencyConflictException(stream, expected, expected.isAny() ? null : actual)))
                : Uni.createFrom().item(() -> duplicate(stream, newEvents, existing)));
    }

    private Uni<Map<UUID, StoredEvent>> alreadyAppended(List<NewEvent> newEvents) {
        UUID[] ids = newEvents.stream().map(NewEvent::eventId).toArray(UUID[]::new);
        return Db.rows("SELECT stream_type, stream_id, " + COLUMNS + " FROM " + events + " WHERE event_id = ANY($1)",
                (Object) ids).map(rows -> {
            Map<UUID, StoredEvent> found = new HashMap<>();
            for (Row row : rows) {
                StreamId owner = new StreamId(kindOf(row.getString(0)), row.getString(1));
                StoredEvent event = toStored(owner, row, 2);
                found.put(event.eventId(), event);
            }
            return found;
        });
    }

    private AppendResult duplicate(StreamId stream, List<NewEvent> newEvents, Map<UUID, StoredEvent> existing) {
        List<StoredEvent> stored = new ArrayList<>();
        for (NewEvent event : newEvents) {
            StoredEvent before = existing.get(event.eventId());
            if (before == null) {
                throw new IdempotencyConflictException("Some of these events were recorded before and some were not ("
                        + existing.keySet().stream().map(UUID::toString).collect(Collectors.joining(", "))
                        + " already exist); send the new ones with new ids");
            }
            if (!before.stream().equals(stream) || before.type() != event.type()) {
                throw new IdempotencyConflictException("Event id " + event.eventId() + " was already used for "
                        + before.type().type() + " on " + before.stream());
            }
            stored.add(before);
        }
        int version = stored.stream().mapToInt(StoredEvent::version).max().orElse(0);
        return new AppendResult(stream, version, List.copyOf(stored), true);
    }

    private Uni<Integer> currentVersion(StreamId stream) {
        return Db.row("SELECT coalesce(max(stream_version), 0) FROM " + events
                        + " WHERE stream_type = $1 AND stream_id = $2", stream.kind().prefix(), stream.id())
                .map(row -> row.getInteger(0));
    }

    /** A stored event from the {@link #COLUMNS} of a row, starting at column {@code from}. */
    private static StoredEvent toStored(StreamId stream, Row row, int from) {
        String type = row.getString(from + 3);
        EventType eventType = EventType.fromType(type)
                .orElseThrow(() -> new IllegalStateException("Unknown event type in the store: " + type));
        return new StoredEvent(row.getLong(from), stream, row.getInteger(from + 1), row.getUUID(from + 2), eventType,
                Sql.instant(row.getValue(from + 4)), Sql.instant(row.getValue(from + 5)), row.getString(from + 6),
                row.getString(from + 7));
    }

    static StreamKind kindOf(String prefix) {
        for (StreamKind kind : StreamKind.values()) {
            if (kind.prefix().equals(prefix)) {
                return kind;
            }
        }
        throw new IllegalStateException("Unknown stream type in the store: " + prefix);
    }

    static String json(Object value) {
        try {
            return EventJson.mapper().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }
}
