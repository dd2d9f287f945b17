package io.kept.analytics.projection;

import io.kept.events.promise.PromiseAtRisk;
import io.kept.events.promise.PromiseBreachRetracted;
import io.kept.events.promise.PromiseBroken;
import io.kept.events.promise.PromiseCancelled;
import io.kept.events.promise.PromiseKept;
import io.kept.events.promise.PromiseMade;
import io.kept.events.promise.PromisePaused;
import io.kept.events.promise.PromiseResumed;
import java.util.List;

/** Table {@code promises}: one row per promise with its status, breach and at-risk flag. */
public class PromiseProjection implements Projection {

    private final ProjectionTables.Keyed promises;

    PromiseProjection(ProjectionTables t) {
        this.promises = t.keyed("promises", "promise_id");
    }

    @Override
    public void changes(ProjectedEvent e, List<Change> changes) {
        if (e.payload() instanceof PromiseMade p) {
            changes.add(promises.create(p.promiseId()).with("guarantee_id", p.guaranteeId())
                    .with("customer_id", p.customerId()).with("team", p.team()).with("channel", p.channel())
                    .with("made_at", p.madeAt()).with("due_at", p.dueAt()).with("status", "open"));
        } else if (e.payload() instanceof PromisePaused p) {
            changes.add(promises.set(p.promiseId()).with("status", "paused"));
        } else if (e.payload() instanceof PromiseResumed p) {
            changes.add(promises.set(p.promiseId()).with("status", "open").with("due_at", p.dueAt()).with("at_risk", false));
        } else if (e.payload() instanceof PromiseAtRisk p) {
            changes.add(promises.set(p.promiseId()).with("at_risk", true));
        } else if (e.payload() instanceof PromiseKept p) {
            changes.add(promises.set(p.promiseId()).with("status", "kept").with("kept_at", p.keptAt())
                    .with("kept_late", p.late()));
        } else if (e.payload() instanceof PromiseBroken p) {
            changes.add(promises.set(p.promiseId()).with("status", "broken").with("broken_at", p.brokenAt())
                    .with("breach_cause", p.cause().value()).with("category", p.category().value())
                    .with("severity", p.severity().value()).with("avoidable", p.avoidable()));
        } else if (e.payload() instanceof PromiseBreachRetracted p) {
            changes.add(promises.set(p.promiseId()).with("status", "open").with("broken_at", null).with("breach_cause", null)
                    .with("category", null).with("severity", null).with("avoidable", null));
        } else if (e.payload() instanceof PromiseCancelled p) {
            changes.add(promises.set(p.promiseId()).with("status", "cancelled"));
        }
    }
}
