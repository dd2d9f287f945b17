-- Read models of promise-service, updated in the same transaction as the events they reflect.

-- One row per promise: the list endpoint and the deadline watcher read it, never the event store.
CREATE TABLE promises (
    promise_id        text        PRIMARY KEY,
    guarantee_id      text        NOT NULL,
    guarantee_version integer     NOT NULL,
    customer_id       text        NOT NULL,
    status            text        NOT NULL,
    made_at           timestamptz NOT NULL,
    due_at            timestamptz NOT NULL,
    -- When the open promise becomes at risk; null once the warning was emitted.
    at_risk_at        timestamptz,
    -- The guarantee's at-risk fraction when the promise was made, to place at_risk_at after a resume.
    at_risk_fraction  double precision NOT NULL,
    kept_late         boolean     NOT NULL DEFAULT false,
    breach_cause      text,
    channel           text,
    team              text,
    agent             text,
    stream_version    integer     NOT NULL,
    updated_at        timestamptz NOT NULL
);

-- The watcher asks "which open promises are due, or at risk, by now?" without scanning the table.
CREATE INDEX promises_open_due ON promises (due_at) WHERE status = 'open';
CREATE INDEX promises_open_at_risk ON promises (at_risk_at) WHERE status = 'open' AND at_risk_at IS NOT NULL;
CREATE INDEX promises_customer ON promises (customer_id, made_at DESC);
CREATE INDEX promises_guarantee ON promises (guarantee_id, made_at DESC);
CREATE INDEX promises_status ON promises (status, made_at DESC);
