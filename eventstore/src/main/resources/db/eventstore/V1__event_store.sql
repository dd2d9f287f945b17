-- The event store of one service. Flyway runs this in the service's own schema
-- (quarkus.flyway.schemas), so every service has its own copy of these tables.

-- Facts, in the order they were recorded. Rows are never updated or deleted.
CREATE TABLE events (
    position        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    stream_type     text        NOT NULL,
    stream_id       text        NOT NULL,
    stream_version  integer     NOT NULL CHECK (stream_version > 0),
    event_id        uuid        NOT NULL,
    event_type      text        NOT NULL,
    occurred_at     timestamptz NOT NULL,
    recorded_at     timestamptz NOT NULL,
    data            jsonb       NOT NULL,
    metadata        jsonb       NOT NULL DEFAULT '{}'::jsonb,
    CONSTRAINT events_event_id_unique UNIQUE (event_id),
    -- Optimistic concurrency: two writers of the same version of a stream cannot both commit.
    CONSTRAINT events_stream_version_unique UNIQUE (stream_type, stream_id, stream_version)
);

CREATE INDEX events_type_occurred ON events (event_type, occurred_at);

CREATE FUNCTION events_are_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'events are facts: % is not allowed on the event store', TG_OP;
END;
$$;

CREATE TRIGGER events_append_only
    BEFORE UPDATE OR DELETE ON events
    FOR EACH ROW EXECUTE FUNCTION events_are_append_only();

-- Events written but not yet acknowledged by Kafka. A row is inserted in the same transaction
-- as its event and deleted only after the broker acknowledged it, so an event whose
-- transaction commits late (after one with a higher position) is still published:
-- the relay never reads "position > checkpoint".
CREATE TABLE outbox (
    position bigint PRIMARY KEY REFERENCES events (position)
);

-- How far the relay got, for status and metrics.
CREATE TABLE outbox_checkpoint (
    id              smallint    PRIMARY KEY CHECK (id = 1),
    last_position   bigint      NOT NULL,
    published_total bigint      NOT NULL,
    updated_at      timestamptz NOT NULL
);
INSERT INTO outbox_checkpoint (id, last_position, published_total, updated_at) VALUES (1, 0, 0, now());

-- One relay publishes at a time (per service); replicas wait for the lease to expire.
CREATE TABLE outbox_lease (
    id         smallint    PRIMARY KEY CHECK (id = 1),
    owner      text        NOT NULL,
    expires_at timestamptz NOT NULL
);
INSERT INTO outbox_lease (id, owner, expires_at) VALUES (1, '', '-infinity');

-- Idempotency-Key header: the same key and request answer the same response.
CREATE TABLE idempotency_keys (
    idempotency_key text        PRIMARY KEY,
    request_hash    text        NOT NULL,
    status          integer     NOT NULL,
    response        text,
    created_at      timestamptz NOT NULL
);

-- Idempotent consumers: an event id is recorded in the same transaction as the change it caused.
CREATE TABLE consumed_events (
    consumer    text        NOT NULL,
    event_id    uuid        NOT NULL,
    consumed_at timestamptz NOT NULL,
    PRIMARY KEY (consumer, event_id)
);
