-- recovery-service's own view of promises (from kept.promise-events; never promise-service's tables)
-- and the read model of recoveries. All written in the same transaction as the consumed event id.

-- Who a promise was made to, so a promise.broken (which carries only the promise id) can be placed.
CREATE TABLE promise_facts (
    promise_id   text        PRIMARY KEY,
    customer_id  text        NOT NULL,
    guarantee_id text        NOT NULL,
    made_at      timestamptz NOT NULL
);

-- Every breach of a customer's promises, to count earlier failures within the look-back.
CREATE TABLE customer_failures (
    promise_id  text        PRIMARY KEY,
    customer_id text        NOT NULL,
    broken_at   timestamptz NOT NULL,
    retracted   boolean     NOT NULL DEFAULT false
);
CREATE INDEX customer_failures_customer ON customer_failures (customer_id, broken_at);

CREATE TABLE recoveries (
    recovery_id      text        PRIMARY KEY,
    promise_id       text        NOT NULL,
    customer_id      text        NOT NULL,
    guarantee_id     text        NOT NULL,
    severity         text        NOT NULL,
    status           text        NOT NULL,
    paradox_eligible boolean     NOT NULL,
    prior_failures   integer     NOT NULL,
    opened_at        timestamptz NOT NULL,
    acknowledge_by   timestamptz NOT NULL,
    resolve_by       timestamptz NOT NULL,
    acknowledged_at  timestamptz,
    resolved_at      timestamptz,
    -- The next target the recovery must meet (acknowledge, then resolve); null once it ended.
    due_at           timestamptz,
    -- When the clock watcher must look next; null when no target is left to miss.
    next_check_at    timestamptz,
    stream_version   integer     NOT NULL,
    updated_at       timestamptz NOT NULL
);
CREATE INDEX recoveries_clock ON recoveries (next_check_at) WHERE next_check_at IS NOT NULL;
CREATE INDEX recoveries_worklist ON recoveries (status, due_at);
CREATE INDEX recoveries_customer ON recoveries (customer_id, due_at);
