-- A guarantee may name its own trust budget. Its promises' failures are counted against that budget alone, per
-- customer and guarantee; the failures of every other guarantee share the configured one (kept.trust.*).

-- The newest trust budget of each guarantee, from guarantee.defined and guarantee.revised; failures and
-- trust_window are null while the guarantee shares the configured budget.
CREATE TABLE guarantee_trust_budgets (
    guarantee_id text    PRIMARY KEY,
    version      integer NOT NULL,
    failures     integer CHECK (failures >= 0),
    trust_window interval CHECK (trust_window > interval '0'),
    CHECK ((failures IS NULL) = (trust_window IS NULL))
);

-- Which guarantee each failure was under, so it is counted against the right budget.
ALTER TABLE customer_failures ADD COLUMN guarantee_id text;
UPDATE customer_failures f SET guarantee_id = p.guarantee_id FROM promise_facts p WHERE p.promise_id = f.promise_id;
CREATE INDEX customer_failures_customer_guarantee ON customer_failures (customer_id, guarantee_id, broken_at);
