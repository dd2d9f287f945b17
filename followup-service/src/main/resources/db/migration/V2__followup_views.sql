-- followup-service's own view of recoveries (from kept.recovery-events) and its follow-up read model.

-- Whom a recovery is for: recovery.resolved carries only the recovery id.
CREATE TABLE recovery_facts (
    recovery_id  text PRIMARY KEY,
    promise_id   text NOT NULL,
    customer_id  text NOT NULL,
    guarantee_id text
);

CREATE TABLE followups (
    followup_id    text        PRIMARY KEY,
    recovery_id    text        NOT NULL,
    customer_id    text        NOT NULL,
    guarantee_id   text,
    kind           text        NOT NULL,
    status         text        NOT NULL,
    due_at         timestamptz NOT NULL,
    completed_at   timestamptz,
    satisfied      boolean,
    score          integer,
    stream_version integer     NOT NULL,
    updated_at     timestamptz NOT NULL
);
-- The overdue watcher reads only scheduled follow-ups past their due time.
CREATE INDEX followups_scheduled_due ON followups (due_at) WHERE status = 'scheduled';
CREATE INDEX followups_status_due ON followups (status, due_at);
CREATE INDEX followups_customer ON followups (customer_id, due_at);
