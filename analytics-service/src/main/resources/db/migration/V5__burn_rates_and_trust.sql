-- Burn-rate alerts per guarantee and a trust budget per customer (issue 17).
--
-- A guarantee's objective is an SLO over promises: a promise kept in time is good, one broken or kept late is bad,
-- and 1 - objective is the error budget over the rolling 28 days. A promise counts when it is decided (kept or
-- broken), at that time. The burn rate over a window is the share of bad promises decided in it divided by the
-- budget's share: 1 spends the budget exactly in 28 days, 14.4 spends 2 % of it in an hour.

-- The multi-window, multi-burn-rate policy of Google's SRE workbook: an alert fires when the burn rate is at
-- least its factor over both windows. analytics-service writes these rows at start-up from
-- kept.analytics.burn-rate.alerts; the defaults are the workbook's.
CREATE TABLE burn_rate_alerts (
    severity     text     NOT NULL CHECK (severity IN ('page', 'ticket')),
    long_window  interval NOT NULL CHECK (long_window > interval '0'),
    short_window interval NOT NULL CHECK (short_window > interval '0' AND short_window <= long_window),
    factor       numeric  NOT NULL CHECK (factor > 0),
    PRIMARY KEY (long_window, short_window)
);
INSERT INTO burn_rate_alerts VALUES
    ('page', interval '1 hour', interval '5 minutes', 14.4),
    ('page', interval '6 hours', interval '30 minutes', 6),
    ('ticket', interval '3 days', interval '6 hours', 1);

-- How many failures a customer may see in a rolling window before their trust is spent: one row, written at
-- start-up from kept.trust.failures and kept.trust.window (default 1 in 90 days).
CREATE TABLE trust_budget (
    only_row     boolean  PRIMARY KEY DEFAULT true CHECK (only_row),
    failures     integer  NOT NULL CHECK (failures >= 0),
    trust_window interval NOT NULL CHECK (trust_window > interval '0')
);
INSERT INTO trust_budget VALUES (true, 1, interval '90 days');

-- When a promise was decided; the burn rates read the last few days of it.
CREATE INDEX promises_decided ON promises ((CASE WHEN status = 'kept' THEN kept_at WHEN status = 'broken' THEN broken_at END))
    WHERE status IN ('kept', 'broken');
CREATE INDEX promises_customer ON promises (customer_id);

-- The burn rate of every guarantee over every window of the policy, as of a given time, and the guarantee's alert
-- state: page or ticket when an alert of that severity fires, else ok. A window with nothing decided burns 0.
-- An objective of 1 leaves no budget: its burn rate is null and any bad promise pages.
-- SECURITY DEFINER so that kept_bi, who may read the views but not the tables, can read the view over it.
CREATE FUNCTION guarantee_burn_rates_at(as_of timestamptz)
RETURNS TABLE (guarantee_id text, name text, objective double precision, time_window interval, window_minutes integer,
               bad bigint, total bigint, burn_rate numeric, budget_consumed numeric, alert_state text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = ${flyway:defaultSchema}, pg_temp
AS $$
WITH windows AS (
    SELECT long_window AS w FROM burn_rate_alerts UNION SELECT short_window FROM burn_rate_alerts
),
decided AS (
    SELECT p.guarantee_id,
           CASE WHEN p.status = 'kept' THEN p.kept_at WHEN p.status = 'broken' THEN p.broken_at END AS decided_at,
           (p.status = 'broken' OR p.kept_late) AS bad
    FROM promises p
    WHERE p.status IN ('kept', 'broken')
      AND (CASE WHEN p.status = 'kept' THEN p.kept_at WHEN p.status = 'broken' THEN p.broken_at END)
          > as_of - greatest(interval '28 days', (SELECT max(w) FROM windows))
      AND (CASE WHEN p.status = 'kept' THEN p.kept_at WHEN p.status = 'broken' THEN p.broken_at END) <= as_of
),
rates AS (
    SELECT g.guarantee_id, g.name, g.objective, w.w AS time_window,
           count(d.decided_at) FILTER (WHERE d.bad) AS bad,
           count(d.decided_at) AS total
    FROM guarantees g
    CROSS JOIN windows w
    LEFT JOIN decided d ON d.guarantee_id = g.guarantee_id AND d.decided_at > as_of - w.w
    WHERE g.objective IS NOT NULL
    GROUP BY 1, 2, 3, 4
),
budget AS (
    SELECT d.guarantee_id, count(*) AS total FROM decided d WHERE d.decided_at > as_of - interval '28 days' GROUP BY 1
),
burn AS (
    SELECT r.*,
           CASE WHEN r.total = 0 THEN 0
                ELSE round(r.bad::numeric / r.total / nullif(1 - r.objective::numeric, 0), 4) END AS burn_rate,
           round(r.bad::numeric / nullif((1 - r.objective::numeric) * coalesce(b.total, 0), 0), 4) AS budget_consumed
    FROM rates r LEFT JOIN budget b ON b.guarantee_id = r.guarantee_id
),
effective AS (
    SELECT b.guarantee_id, b.time_window,
           CASE WHEN b.burn_rate IS NULL AND b.bad > 0 THEN 1e9 ELSE coalesce(b.burn_rate, 0) END AS rate
    FROM burn b
),
states AS (
    SELECT l.guarantee_id,
           CASE WHEN bool_or(a.severity = 'page' AND l.rate >= a.factor AND s.rate >= a.factor) THEN 'page'
                WHEN bool_or(a.severity = 'ticket' AND l.rate >= a.factor AND s.rate >= a.factor) THEN 'ticket'
                ELSE 'ok' END AS alert_state
    FROM burn_rate_alerts a
    JOIN effective l ON l.time_window = a.long_window
    JOIN effective s ON s.guarantee_id = l.guarantee_id AND s.time_window = a.short_window
    GROUP BY 1
)
SELECT b.guarantee_id, b.name, b.objective, b.time_window, (extract(epoch FROM b.time_window) / 60)::integer,
       b.bad, b.total, b.burn_rate, b.budget_consumed, coalesce(st.alert_state, 'ok')
FROM burn b LEFT JOIN states st ON st.guarantee_id = b.guarantee_id
ORDER BY b.guarantee_id, b.time_window
$$;

-- Every customer with a promise made by the given time: their failures (a promise broken, or kept late) in the
-- trust window up to then, the budget, what is left of it, the last failure and how its recovery ended
-- (resolved, abandoned, withdrawn, open, or none when no recovery was opened), and the status: intact (no failure,
-- or fewer than the budget), spent (exactly the budget) or overdrawn (more). With the default budget of one
-- failure these are the cohorts of recovery_paradox: never failed, failed once (recovered or not), failed twice.
CREATE FUNCTION customer_trust_at(as_of timestamptz)
RETURNS TABLE (customer_id text, failures bigint, budget integer, remaining integer, last_failure_at timestamptz,
               last_failed_promise_id text, last_recovery text, status text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = ${flyway:defaultSchema}, pg_temp
AS $$
WITH policy AS (
    SELECT t.failures AS allowed, t.trust_window FROM trust_budget t
),
failed AS (
    SELECT p.customer_id, p.promise_id,
           CASE WHEN p.status = 'broken' THEN p.broken_at ELSE p.kept_at END AS failed_at
    FROM promises p, policy
    WHERE (p.status = 'broken' OR (p.status = 'kept' AND p.kept_late))
      AND CASE WHEN p.status = 'broken' THEN p.broken_at ELSE p.kept_at END > as_of - policy.trust_window
      AND CASE WHEN p.status = 'broken' THEN p.broken_at ELSE p.kept_at END <= as_of
),
customers AS (
    SELECT DISTINCT p.customer_id FROM promises p WHERE p.made_at <= as_of
),
per_customer AS (
    SELECT c.customer_id, count(f.promise_id) AS failures, max(f.failed_at) AS last_failure_at,
           (array_agg(f.promise_id ORDER BY f.failed_at DESC, f.promise_id DESC)
                FILTER (WHERE f.promise_id IS NOT NULL))[1] AS last_promise
    FROM customers c LEFT JOIN failed f ON f.customer_id = c.customer_id
    GROUP BY 1
)
SELECT pc.customer_id, pc.failures, policy.allowed, greatest(policy.allowed - pc.failures, 0)::integer,
       pc.last_failure_at, pc.last_promise,
       CASE WHEN pc.last_promise IS NULL THEN NULL
            ELSE coalesce((SELECT CASE WHEN r.withdrawn_at IS NOT NULL AND r.withdrawn_at <= as_of THEN 'withdrawn'
                                       WHEN r.resolved_at IS NOT NULL AND r.resolved_at <= as_of THEN 'resolved'
                                       WHEN r.abandoned_at IS NOT NULL AND r.abandoned_at <= as_of THEN 'abandoned'
                                       ELSE 'open' END
                           FROM recoveries r
                           WHERE r.promise_id = pc.last_promise AND r.opened_at <= as_of
                           ORDER BY r.opened_at DESC LIMIT 1), 'none') END,
       CASE WHEN pc.failures = 0 OR pc.failures < policy.allowed THEN 'intact'
            WHEN pc.failures = policy.allowed THEN 'spent'
            ELSE 'overdrawn' END
FROM per_customer pc, policy
ORDER BY pc.customer_id
$$;

CREATE VIEW guarantee_burn_rates AS SELECT * FROM guarantee_burn_rates_at(now());
CREATE VIEW customer_trust AS SELECT * FROM customer_trust_at(now());

REVOKE EXECUTE ON FUNCTION guarantee_burn_rates_at(timestamptz), customer_trust_at(timestamptz) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION guarantee_burn_rates_at(timestamptz), customer_trust_at(timestamptz) TO kept_bi;
GRANT SELECT ON guarantee_burn_rates, customer_trust, burn_rate_alerts, trust_budget TO kept_bi;
