package io.kept.promise.service;

import io.kept.events.promise.PromiseKept;
import io.kept.eventstore.CommandRunner.Ran;
import io.kept.eventstore.StoredEvent;
import io.kept.promise.domain.PromiseState;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Prometheus counters of what happened to promises, by guarantee: {@code kept_promises_total}
 * with {@code event} = made, kept, kept-late, broken, breach-retracted, cancelled, at-risk.
 */
@ApplicationScoped
public class PromiseMetrics {

    private final MeterRegistry registry;
    /** The registry finds a counter by its tags on every call; a promise's event finds it here. */
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    public PromiseMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void recorded(Ran<PromiseState> outcome) {
        if (outcome.state().made() == null) {
            return;
        }
        String guarantee = outcome.state().made().guaranteeId();
        for (StoredEvent event : outcome.appended()) {
            String what = event.payload() instanceof PromiseKept kept && kept.late() ? "kept-late"
                    : event.type().type().substring("io.kept.promise.".length());
            counters.computeIfAbsent(what + '\u0000' + guarantee,
                    k -> registry.counter("kept.promises", "event", what, "guarantee", guarantee)).increment();
        }
    }
}
