-- How fresh the projections are, per topic: written in the same transaction as each projected event.
CREATE TABLE projection_watermarks (
    topic             text        PRIMARY KEY,
    events            bigint      NOT NULL,
    last_event_at     timestamptz,
    last_projected_at timestamptz NOT NULL
);

-- For BI users: the as_of watermark of the data they read.
CREATE VIEW projection_freshness AS
SELECT topic, events, last_event_at AS as_of, last_projected_at FROM projection_watermarks;
GRANT SELECT ON projection_freshness TO kept_bi;
