-- analytics-service: projections of every topic, written with the consumed event id in the same
-- transaction (consumed_events), and the BI views over them.

CREATE TABLE guarantees (
    guarantee_id text PRIMARY KEY,
    name         text,
    objective    double precision,
    at_risk_at   double precision,
    version      integer,
    retired      boolean NOT NULL DEFAULT false
);

-- Promises may arrive before the guarantee they name: views join guarantees with LEFT JOIN.
CREATE TABLE promises (
    promise_id   text PRIMARY KEY,
    guarantee_id text        NOT NULL,
    customer_id  text        NOT NULL,
    team         text,
    channel      text,
    made_at      timestamptz NOT NULL,
    due_at       timestamptz NOT NULL,
    status       text        NOT NULL,
    at_risk      boolean     NOT NULL DEFAULT false,
    kept_at      timestamptz,
    kept_late    boolean     NOT NULL DEFAULT false,
    broken_at    timestamptz,
    breach_cause text,
    category     text,
    severity     text,
    avoidable    boolean
);
CREATE INDEX promises_made ON promises (guarantee_id, made_at);
CREATE INDEX promises_open_due ON promises (due_at) WHERE status IN ('open', 'paused');

CREATE TABLE recoveries (
    recovery_id           text PRIMARY KEY,
    promise_id            text        NOT NULL,
    customer_id           text        NOT NULL,
    guarantee_id          text        NOT NULL,
    severity              text        NOT NULL,
    prior_failures        integer     NOT NULL,
    paradox_eligible      boolean     NOT NULL,
    opened_at             timestamptz NOT NULL,
    acknowledge_by        timestamptz NOT NULL,
    resolve_by            timestamptz NOT NULL,
    acknowledged_at       timestamptz,
    diagnosed_at          timestamptz,
    root_cause            text,
    resolved_at           timestamptz,
    compensation_amount   numeric,
    compensation_currency text,
    abandoned_at          timestamptz,
    withdrawn_at          timestamptz,
    escalations           integer     NOT NULL DEFAULT 0
);

CREATE TABLE followups (
    followup_id  text PRIMARY KEY,
    recovery_id  text        NOT NULL,
    customer_id  text        NOT NULL,
    kind         text        NOT NULL,
    due_at       timestamptz NOT NULL,
    status       text        NOT NULL,
    completed_at timestamptz,
    satisfied    boolean,
    score        integer,
    retained     boolean
);

CREATE TABLE customer_returns (
    event_id    uuid PRIMARY KEY,
    customer_id text        NOT NULL,
    at          timestamptz NOT NULL,
    reference   text
);

CREATE TABLE timeline (
    event_id    uuid PRIMARY KEY,
    customer_id text        NOT NULL,
    at          timestamptz NOT NULL,
    type        text        NOT NULL,
    subject     text        NOT NULL,
    detail      jsonb       NOT NULL
);
CREATE INDEX timeline_customer ON timeline (customer_id, at);

-- ---------------------------------------------------------------------------------------------
-- Views for BI tools. Days are UTC dates. A promise kept late counts as broken.

CREATE VIEW guarantee_compliance AS
WITH daily AS (
    SELECT guarantee_id,
           (made_at AT TIME ZONE 'UTC')::date AS day,
           count(*) AS made,
           count(*) FILTER (WHERE status = 'kept' AND NOT kept_late) AS kept,
           count(*) FILTER (WHERE status = 'broken' OR (status = 'kept' AND kept_late)) AS broken,
           count(*) FILTER (WHERE status IN ('open', 'paused')) AS open
    FROM promises
    GROUP BY 1, 2
)
SELECT d.guarantee_id, d.day, d.made, d.kept, d.broken, d.open,
       round(d.kept::numeric / nullif(d.kept + d.broken, 0), 4) AS compliance_rate,
       g.objective,
       -- Share of the failures the objective allows over the 28 days up to this day that are left.
       round(1 - (sum(d.broken) OVER w)::numeric
               / nullif((1 - g.objective)::numeric * (sum(d.kept + d.broken) OVER w), 0), 4) AS error_budget_remaining
FROM daily d
LEFT JOIN guarantees g USING (guarantee_id)
WINDOW w AS (PARTITION BY d.guarantee_id ORDER BY d.day RANGE BETWEEN INTERVAL '27 days' PRECEDING AND CURRENT ROW);

CREATE VIEW team_compliance AS
SELECT coalesce(team, 'unassigned') AS team,
       (made_at AT TIME ZONE 'UTC')::date AS day,
       count(*) AS made,
       count(*) FILTER (WHERE status = 'kept' AND NOT kept_late) AS kept,
       count(*) FILTER (WHERE status = 'broken' OR (status = 'kept' AND kept_late)) AS broken,
       count(*) FILTER (WHERE status IN ('open', 'paused')) AS open,
       round((count(*) FILTER (WHERE status = 'kept' AND NOT kept_late))::numeric
             / nullif(count(*) FILTER (WHERE status IN ('kept', 'broken')), 0), 4) AS compliance_rate
FROM promises
GROUP BY 1, 2;

CREATE VIEW recovery_performance AS
SELECT (opened_at AT TIME ZONE 'UTC')::date AS day,
       severity,
       count(*) AS opened,
       count(*) FILTER (WHERE acknowledged_at <= acknowledge_by) AS acknowledged_on_time,
       count(*) FILTER (WHERE resolved_at <= resolve_by) AS resolved_on_time,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM acknowledged_at - opened_at) / 60)
           AS median_minutes_to_acknowledge,
       percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM acknowledged_at - opened_at) / 60)
           AS p90_minutes_to_acknowledge,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM resolved_at - opened_at) / 60)
           AS median_minutes_to_resolve,
       percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM resolved_at - opened_at) / 60)
           AS p90_minutes_to_resolve,
       coalesce(sum(compensation_amount), 0) AS compensation_total
FROM recoveries
WHERE withdrawn_at IS NULL
GROUP BY 1, 2;

CREATE VIEW followup_completion AS
SELECT (due_at AT TIME ZONE 'UTC')::date AS day,
       kind,
       count(*) AS scheduled,
       count(*) FILTER (WHERE status = 'completed') AS completed,
       count(*) FILTER (WHERE status = 'missed') AS missed,
       count(*) FILTER (WHERE status = 'cancelled') AS cancelled,
       round((count(*) FILTER (WHERE status = 'completed'))::numeric
             / nullif(count(*) FILTER (WHERE status <> 'cancelled'), 0), 4) AS completion_rate,
       round(avg(score)::numeric, 2) AS avg_score,
       round((count(*) FILTER (WHERE satisfied))::numeric / nullif(count(*) FILTER (WHERE status = 'completed'), 0), 4)
           AS satisfied_rate
FROM followups
GROUP BY 1, 2;

-- Broken promises by when and how they broke; same_problem_twice: the guarantee's recoveries
-- found the same root cause more than once, which means a process problem.
CREATE VIEW failure_patterns AS
SELECT p.category,
       extract(isodow FROM p.broken_at AT TIME ZONE 'UTC')::integer AS weekday,
       extract(hour FROM p.broken_at AT TIME ZONE 'UTC')::integer AS hour_of_day,
       p.guarantee_id,
       count(*) AS failures,
       EXISTS (SELECT 1 FROM recoveries r
               WHERE r.guarantee_id = p.guarantee_id AND r.root_cause IS NOT NULL AND r.withdrawn_at IS NULL
               GROUP BY lower(trim(r.root_cause)) HAVING count(*) > 1) AS same_problem_twice
FROM promises p
WHERE p.status = 'broken'
GROUP BY 1, 2, 3, 4;

-- The service recovery paradox, by customer cohort: never failed, failed once and recovered,
-- failed once and not recovered, failed more than once. A promise kept late is a failure too.
CREATE VIEW recovery_paradox AS
WITH failures AS (
    SELECT customer_id, count(*) FILTER (WHERE status = 'broken' OR kept_late) AS failures
    FROM promises GROUP BY customer_id
),
recovered AS (
    SELECT customer_id, bool_or(resolved_at IS NOT NULL) AS resolved
    FROM recoveries WHERE withdrawn_at IS NULL GROUP BY customer_id
),
cohorts AS (
    SELECT f.customer_id,
           CASE WHEN f.failures = 0 THEN 'never_failed'
                WHEN f.failures > 1 THEN 'repeat_failure'
                WHEN coalesce(r.resolved, false) THEN 'recovered'
                ELSE 'not_recovered' END AS cohort
    FROM failures f LEFT JOIN recovered r USING (customer_id)
)
SELECT c.cohort,
       count(*) AS customers,
       round(avg(CASE WHEN EXISTS (SELECT 1 FROM customer_returns cr WHERE cr.customer_id = c.customer_id)
                      THEN 1 ELSE 0 END)::numeric, 4) AS returned_rate,
       (SELECT round(avg(f.score)::numeric, 2) FROM followups f
        JOIN cohorts c2 ON c2.customer_id = f.customer_id WHERE c2.cohort = c.cohort) AS avg_score
FROM cohorts c
GROUP BY c.cohort;

CREATE VIEW customer_timeline AS
SELECT customer_id, at, type, subject, detail FROM timeline;

-- ---------------------------------------------------------------------------------------------
-- kept_bi reads the views and nothing else. The role is cluster-wide: created once, with the
-- password from configuration (KEPT_BI_PASSWORD).
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'kept_bi') THEN
        CREATE ROLE kept_bi LOGIN PASSWORD '${kept_bi_password}';
    END IF;
END
$$;
GRANT USAGE ON SCHEMA ${flyway:defaultSchema} TO kept_bi;
GRANT SELECT ON guarantee_compliance, team_compliance, recovery_performance, followup_completion, failure_patterns,
    recovery_paradox, customer_timeline TO kept_bi;
