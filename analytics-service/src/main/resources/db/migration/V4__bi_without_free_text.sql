-- What kept_bi reads of a customer's story carries ids, categories, times, amounts and scores, never the
-- free text people wrote (descriptions, reasons, apologies, the customer's problem, root causes,
-- resolutions, comments, escalation details). The REST timeline (role kept-reader) reads the timeline
-- table itself, free text included. An event field that is not named here stays out of BI: a new field
-- is private until it is added.
CREATE OR REPLACE VIEW customer_timeline AS
SELECT customer_id, at, type, subject,
       COALESCE((SELECT jsonb_object_agg(key, value)
                 FROM jsonb_each(detail)
                 WHERE key LIKE '%Id' OR key LIKE '%At'
                    OR key IN ('reference', 'agent', 'by', 'approvedBy', 'resolvedBy',
                               'category', 'severity', 'kind', 'channel', 'team', 'cause',
                               'dueAt', 'acknowledgeBy', 'resolveBy', 'target',
                               'compensation', 'score', 'satisfied', 'retained', 'late', 'avoidable',
                               'diagnosed', 'paradoxEligible', 'priorFailures', 'guaranteeVersion')
                    -- an escalation's reason is a category (repeat-failure, acknowledge-overdue, ...), not text
                    OR (key = 'reason' AND type = 'io.kept.recovery.escalated')),
                '{}'::jsonb) AS detail
FROM timeline;
