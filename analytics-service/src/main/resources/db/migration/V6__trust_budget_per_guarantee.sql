-- A guarantee may name its own trust budget (trustBudget of guarantee.defined and guarantee.revised). Its promises'
-- failures are then counted against that budget alone, per customer and guarantee; the failures of every other
-- guarantee share the configured budget (trust_budget, from kept.trust.*), as before.

-- The newest version's own budget; both null while the guarantee shares the configured one.
ALTER TABLE guarantees ADD COLUMN trust_failures integer, ADD COLUMN trust_window interval;

DROP VIEW customer_trust;
DROP FUNCTION customer_trust_at(timestamptz);

-- One row per customer and budget, for every customer with a promise under it made by the given time: the
-- configured budget (guarantee_id null, covering every guarantee without a budget of its own) and each guarantee's
-- own. Per row: the failures (a promise broken, or kept late) in the budget's window up to then, the budget, its
-- window, what is left of it, the last failure and how its recovery ended (resolved, abandoned, withdrawn, open, or
-- none when no recovery was opened), and the status: intact (no failure, or fewer than the budget), spent (exactly
-- the budget) or overdrawn (more). With the default budget of one failure and no guarantee naming its own, these
-- are the cohorts of recovery_paradox: never failed, failed once (recovered or not), failed twice.
CREATE FUNCTION customer_trust_at(as_of timestamptz)
RETURNS TABLE (customer_id text, guarantee_id text, failures bigint, budget integer, trust_window interval,
               remaining integer, last_failure_at timestamptz, last_failed_promise_id text, last_recovery text,
               status text)
-- In UTC, so that a window's days are 24 hours each, as recovery-service counts them.
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = ${flyway:defaultSchema}, pg_temp SET TimeZone = 'UTC'
AS $$
WITH scoped AS (
    -- Every promise made by then with the budget it is judged by.
    SELECT p.customer_id, p.promise_id, p.status, p.kept_late,
           CASE WHEN p.status = 'broken' THEN p.broken_at ELSE p.kept_at END AS decided_at,
           g.guarantee_id AS scope,
           coalesce(g.trust_failures, t.failures) AS allowed,
           coalesce(g.trust_window, t.trust_window) AS trust_window
    FROM promises p
    CROSS JOIN trust_budget t
    LEFT JOIN guarantees g ON g.guarantee_id = p.guarantee_id
                          AND g.trust_failures IS NOT NULL AND g.trust_window IS NOT NULL
    WHERE p.made_at <= as_of
),
per_budget AS (
    SELECT s.customer_id, s.scope, s.allowed, s.trust_window,
           count(*) FILTER (WHERE s.failed) AS failures,
           max(s.decided_at) FILTER (WHERE s.failed) AS last_failure_at,
           (array_agg(s.promise_id ORDER BY s.decided_at DESC, s.promise_id DESC) FILTER (WHERE s.failed))[1] AS last_promise
    FROM (SELECT scoped.*,
                 (status = 'broken' OR (status = 'kept' AND kept_late))
                     AND decided_at > as_of - scoped.trust_window AND decided_at <= as_of AS failed
          FROM scoped) s
    GROUP BY 1, 2, 3, 4
)
SELECT pb.customer_id, pb.scope, pb.failures, pb.allowed, pb.trust_window,
       greatest(pb.allowed - pb.failures, 0)::integer,
       pb.last_failure_at, pb.last_promise,
       CASE WHEN pb.last_promise IS NULL THEN NULL
            ELSE coalesce((SELECT CASE WHEN r.withdrawn_at IS NOT NULL AND r.withdrawn_at <= as_of THEN 'withdrawn'
                                       WHEN r.resolved_at IS NOT NULL AND r.resolved_at <= as_of THEN 'resolved'
                                       WHEN r.abandoned_at IS NOT NULL AND r.abandoned_at <= as_of THEN 'abandoned'
                                       ELSE 'open' END
                           FROM recoveries r
                           WHERE r.promise_id = pb.last_promise AND r.opened_at <= as_of
                           ORDER BY r.opened_at DESC LIMIT 1), 'none') END,
       CASE WHEN pb.failures = 0 OR pb.failures < pb.allowed THEN 'intact'
            WHEN pb.failures = pb.allowed THEN 'spent'
            ELSE 'overdrawn' END
FROM per_budget pb
ORDER BY pb.customer_id, pb.scope NULLS FIRST
$$;

CREATE VIEW customer_trust AS SELECT * FROM customer_trust_at(now());

REVOKE EXECUTE ON FUNCTION customer_trust_at(timestamptz) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION customer_trust_at(timestamptz) TO kept_bi;
GRANT SELECT ON customer_trust TO kept_bi;
