package io.kept.analytics.projection;

import io.kept.events.EventJson;
import io.kept.events.EventPayload;
import io.kept.events.customer.CustomerReturned;
import io.kept.events.followup.FollowUpCancelled;
import io.kept.events.followup.FollowUpCompleted;
import io.kept.events.followup.FollowUpMissed;
import io.kept.events.followup.FollowUpScheduled;
import io.kept.events.guarantee.GuaranteeDefined;
import io.kept.events.guarantee.GuaranteeRetired;
import io.kept.events.guarantee.GuaranteeRevised;
import io.kept.events.promise.PromiseAtRisk;
import io.kept.events.promise.PromiseBreachRetracted;
import io.kept.events.promise.PromiseBroken;
import io.kept.events.promise.PromiseCancelled;
import io.kept.events.promise.PromiseKept;
import io.kept.events.promise.PromiseMade;
import io.kept.events.promise.PromisePaused;
import io.kept.events.promise.PromiseResumed;
import io.kept.events.recovery.RecoveryAbandoned;
import io.kept.events.recovery.RecoveryAcknowledged;
import io.kept.events.recovery.RecoveryDiagnosed;
import io.kept.events.recovery.RecoveryEscalated;
import io.kept.events.recovery.RecoveryOpened;
import io.kept.events.recovery.RecoveryResolved;
import io.kept.events.recovery.RecoveryWithdrawn;
import io.kept.eventstore.EventStoreConfig;
import io.kept.eventstore.SqlTime;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Applies one event to the projection tables (and the customer timeline) in the caller's
 * transaction. Every statement is an upsert or a keyed update, so applying an event that was
 * applied before changes nothing even without the consumed-event record.
 */
@ApplicationScoped
public class Projections {

    private final String s;

    public Projections(EventStoreConfig config) {
        this.s = config.schema() + ".";
    }

    public Uni<Void> apply(UUID eventId, String type, EventPayload event, Instant at) {
        return Panache.getSession().flatMap(session -> project(session, event)
                .chain(() -> timeline(session, eventId, type, event, at)));
    }

    /** Moves the topic's freshness watermark, in the same transaction as the projected event. */
    public Uni<Void> watermark(String topic, Instant eventAt, Instant now) {
        return Panache.getSession().flatMap(session -> update(session, "INSERT INTO " + s + "projection_watermarks"
                + " (topic, events, last_event_at, last_projected_at) VALUES (?1, 1, ?2, ?3)"
                + " ON CONFLICT (topic) DO UPDATE SET events = " + s + "projection_watermarks.events + 1,"
                + " last_event_at = greatest(" + s + "projection_watermarks.last_event_at, EXCLUDED.last_event_at),"
                + " last_projected_at = EXCLUDED.last_projected_at", topic, SqlTime.timestamp(eventAt), SqlTime.timestamp(now)));
    }

    private Uni<Void> project(Mutiny.Session session, EventPayload event) {
        if (event instanceof GuaranteeDefined g) {
            return guarantee(session, g.guaranteeId(), g.name(), g.objective(), g.atRiskAt(), g.version());
        }
        if (event instanceof GuaranteeRevised g) {
            return guarantee(session, g.guaranteeId(), g.name(), g.objective(), g.atRiskAt(), g.version());
        }
        if (event instanceof GuaranteeRetired g) {
            return update(session, "INSERT INTO " + s + "guarantees (guarantee_id, retired) VALUES (?1, true)"
                    + " ON CONFLICT (guarantee_id) DO UPDATE SET retired = true", g.guaranteeId());
        }
        if (event instanceof PromiseMade p) {
            return update(session, "INSERT INTO " + s + "promises (promise_id, guarantee_id, customer_id, team, channel,"
                    + " made_at, due_at, status) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'open') ON CONFLICT DO NOTHING",
                    p.promiseId(), p.guaranteeId(), p.customerId(), p.team(), p.channel(), SqlTime.timestamp(p.madeAt()),
                    SqlTime.timestamp(p.dueAt()));
        }
        if (event instanceof PromisePaused p) {
            return update(session, "UPDATE " + s + "promises SET status = 'paused' WHERE promise_id = ?1", p.promiseId());
        }
        if (event instanceof PromiseResumed p) {
            return update(session, "UPDATE " + s + "promises SET status = 'open', due_at = ?2, at_risk = false"
                    + " WHERE promise_id = ?1", p.promiseId(), SqlTime.timestamp(p.dueAt()));
        }
        if (event instanceof PromiseAtRisk p) {
            return update(session, "UPDATE " + s + "promises SET at_risk = true WHERE promise_id = ?1", p.promiseId());
        }
        if (event instanceof PromiseKept p) {
            return update(session, "UPDATE " + s + "promises SET status = 'kept', kept_at = ?2, kept_late = ?3"
                    + " WHERE promise_id = ?1", p.promiseId(), SqlTime.timestamp(p.keptAt()), p.late());
        }
        if (event instanceof PromiseBroken p) {
            return update(session, "UPDATE " + s + "promises SET status = 'broken', broken_at = ?2, breach_cause = ?3,"
                    + " category = ?4, severity = ?5, avoidable = ?6 WHERE promise_id = ?1", p.promiseId(),
                    SqlTime.timestamp(p.brokenAt()), p.cause().value(), p.category().value(), p.severity().value(),
                    p.avoidable());
        }
        if (event instanceof PromiseBreachRetracted p) {
            return update(session, "UPDATE " + s + "promises SET status = 'open', broken_at = NULL, breach_cause = NULL,"
                    + " category = NULL, severity = NULL, avoidable = NULL WHERE promise_id = ?1", p.promiseId());
        }
        if (event instanceof PromiseCancelled p) {
            return update(session, "UPDATE " + s + "promises SET status = 'cancelled' WHERE promise_id = ?1", p.promiseId());
        }
        if (event instanceof RecoveryOpened r) {
            return update(session, "INSERT INTO " + s + "recoveries (recovery_id, promise_id, customer_id, guarantee_id,"
                    + " severity, prior_failures, paradox_eligible, opened_at, acknowledge_by, resolve_by)"
                    + " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) ON CONFLICT DO NOTHING",
                    r.recoveryId(), r.promiseId(), r.customerId(), r.guaranteeId(), r.severity().value(), r.priorFailures(),
                    r.paradoxEligible(), SqlTime.timestamp(r.openedAt()), SqlTime.timestamp(r.acknowledgeBy()),
                    SqlTime.timestamp(r.resolveBy()));
        }
        if (event instanceof RecoveryAcknowledged r) {
            return update(session, "UPDATE " + s + "recoveries SET acknowledged_at = ?2 WHERE recovery_id = ?1",
                    r.recoveryId(), SqlTime.timestamp(r.acknowledgedAt()));
        }
        if (event instanceof RecoveryDiagnosed r) {
            return update(session, "UPDATE " + s + "recoveries SET diagnosed_at = ?2, root_cause = ?3 WHERE recovery_id = ?1",
                    r.recoveryId(), SqlTime.timestamp(r.diagnosedAt()), r.rootCause());
        }
        if (event instanceof RecoveryResolved r) {
            return update(session, "UPDATE " + s + "recoveries SET resolved_at = ?2, compensation_amount = ?3,"
                    + " compensation_currency = ?4 WHERE recovery_id = ?1", r.recoveryId(),
                    SqlTime.timestamp(r.resolvedAt()), r.compensation().amount(), r.compensation().currency());
        }
        if (event instanceof RecoveryEscalated r) {
            return update(session, "UPDATE " + s + "recoveries SET escalations = escalations + 1 WHERE recovery_id = ?1",
                    r.recoveryId());
        }
        if (event instanceof RecoveryAbandoned r) {
            return update(session, "UPDATE " + s + "recoveries SET abandoned_at = ?2 WHERE recovery_id = ?1",
                    r.recoveryId(), SqlTime.timestamp(r.abandonedAt()));
        }
        if (event instanceof RecoveryWithdrawn r) {
            return update(session, "UPDATE " + s + "recoveries SET withdrawn_at = ?2 WHERE recovery_id = ?1",
                    r.recoveryId(), SqlTime.timestamp(r.withdrawnAt()));
        }
        if (event instanceof FollowUpScheduled f) {
            return update(session, "INSERT INTO " + s + "followups (followup_id, recovery_id, customer_id, kind, due_at, status)"
                    + " VALUES (?1, ?2, ?3, ?4, ?5, 'scheduled') ON CONFLICT DO NOTHING", f.followUpId(), f.recoveryId(),
                    f.customerId(), f.kind().value(), SqlTime.timestamp(f.dueAt()));
        }
        if (event instanceof FollowUpCompleted f) {
            return update(session, "UPDATE " + s + "followups SET status = 'completed', completed_at = ?2, satisfied = ?3,"
                    + " score = ?4, retained = ?5 WHERE followup_id = ?1", f.followUpId(), SqlTime.timestamp(f.completedAt()),
                    f.satisfied(), f.score(), f.retained());
        }
        if (event instanceof FollowUpMissed f) {
            return update(session, "UPDATE " + s + "followups SET status = 'missed' WHERE followup_id = ?1"
                    + " AND status = 'scheduled'", f.followUpId());
        }
        if (event instanceof FollowUpCancelled f) {
            return update(session, "UPDATE " + s + "followups SET status = 'cancelled' WHERE followup_id = ?1", f.followUpId());
        }
        // customer.returned and calendar.defined change no projection table; returns are recorded with the timeline.
        return Uni.createFrom().voidItem();
    }

    private Uni<Void> guarantee(Mutiny.Session session, String id, String name, double objective, double atRiskAt, int version) {
        // Revisions may be replayed out of order with nothing else; the highest version wins.
        return update(session, "INSERT INTO " + s + "guarantees (guarantee_id, name, objective, at_risk_at, version)"
                + " VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (guarantee_id) DO UPDATE SET name = EXCLUDED.name,"
                + " objective = EXCLUDED.objective, at_risk_at = EXCLUDED.at_risk_at, version = EXCLUDED.version"
                + " WHERE " + s + "guarantees.version IS NULL OR " + s + "guarantees.version < EXCLUDED.version",
                id, name, objective, atRiskAt, version);
    }

    /** Adds the event to its customer's timeline; the customer comes from the event or its stream's projection. */
    private Uni<Void> timeline(Mutiny.Session session, UUID eventId, String type, EventPayload event, Instant at) {
        String subject;
        String customerSql;
        if (event instanceof PromiseMade p) {
            return insertTimeline(session, eventId, p.customerId(), at, type, p.promiseId(), event);
        } else if (event instanceof RecoveryOpened r) {
            return insertTimeline(session, eventId, r.customerId(), at, type, r.recoveryId(), event);
        } else if (event instanceof FollowUpScheduled f) {
            return insertTimeline(session, eventId, f.customerId(), at, type, f.followUpId(), event);
        } else if (event instanceof CustomerReturned c) {
            return update(session, "INSERT INTO " + s + "customer_returns (event_id, customer_id, at, reference)"
                            + " VALUES (?1, ?2, ?3, ?4) ON CONFLICT DO NOTHING", eventId, c.customerId(),
                            SqlTime.timestamp(c.at()), c.reference())
                    .chain(() -> insertTimeline(session, eventId, c.customerId(), at, type, c.customerId(), event));
        } else if (type.startsWith("io.kept.promise.")) {
            subject = promiseIdOf(event);
            customerSql = "SELECT customer_id FROM " + s + "promises WHERE promise_id = ?1";
        } else if (type.startsWith("io.kept.recovery.")) {
            subject = recoveryIdOf(event);
            customerSql = "SELECT customer_id FROM " + s + "recoveries WHERE recovery_id = ?1";
        } else if (type.startsWith("io.kept.followup.")) {
            subject = followUpIdOf(event);
            customerSql = "SELECT customer_id FROM " + s + "followups WHERE followup_id = ?1";
        } else {
            return Uni.createFrom().voidItem();
        }
        return session.createNativeQuery(customerSql, String.class).setParameter(1, subject).getResultList()
                .flatMap(customers -> customers.isEmpty()
                        ? Uni.createFrom().voidItem()
                        : insertTimeline(session, eventId, customers.get(0), at, type, subject, event));
    }

    private Uni<Void> insertTimeline(Mutiny.Session session, UUID eventId, String customerId, Instant at, String type,
            String subject, EventPayload event) {
        return update(session, "INSERT INTO " + s + "timeline (event_id, customer_id, at, type, subject, detail)"
                + " VALUES (?1, ?2, ?3, ?4, ?5, CAST(CAST(?6 AS text) AS jsonb)) ON CONFLICT DO NOTHING",
                eventId, customerId, SqlTime.timestamp(at), type, subject, json(event));
    }

    private static String promiseIdOf(EventPayload e) {
        return EventJson.mapper().valueToTree(e).path("promiseId").asText();
    }

    private static String recoveryIdOf(EventPayload e) {
        return EventJson.mapper().valueToTree(e).path("recoveryId").asText();
    }

    private static String followUpIdOf(EventPayload e) {
        return EventJson.mapper().valueToTree(e).path("followUpId").asText();
    }

    private static String json(EventPayload e) {
        try {
            return EventJson.mapper().writeValueAsString(e);
        } catch (Exception ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static Uni<Void> update(Mutiny.Session session, String sql, Object... params) {
        var query = session.createNativeQuery(sql);
        for (int i = 0; i < params.length; i++) {
            query.setParameter(i + 1, params[i]);
        }
        return query.executeUpdate().replaceWithVoid();
    }
}
