package io.kept.promise.service;

import io.kept.events.promise.PromiseKept;
import io.kept.eventstore.StoredEvent;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Prometheus counters of what happened to promises, by guarantee: {@code kept_promises_total}
 * with {@code event} = made, kept, kept-late, broken, breach-retracted, cancelled, at-risk.
 */
@ApplicationScoped
public class PromiseMetrics {

    private final MeterRegistry registry;

    public PromiseMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void recorded(Promises.Outcome outcome) {
        if (outcome.state().made() == null) {
            return;
        }
        String guarantee = outcome.state().made().guaranteeId();
        for (StoredEvent event : outcome.appended()) {
            String name = event.type().type().substring("io.kept.promise.".length());
            if (event.payload() instanceof PromiseKept kept && kept.late()) {
                name = "kept-late";
            }
            registry.counter("kept.promises", "event", name, "guarantee", guarantee).increment();
        }
    }
}
