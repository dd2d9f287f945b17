package io.kept.eventstore;

import io.kept.events.TrustBudget;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The customers' trust budget from configuration, for every service that judges by it (see {@link TrustBudget}). */
public class TrustBudgets {

    @Produces
    @Singleton
    TrustBudget trustBudget(@ConfigProperty(name = "kept.trust.failures", defaultValue = "1") int failures,
            @ConfigProperty(name = "kept.trust.window", defaultValue = TrustBudget.DEFAULT_WINDOW) String window) {
        return TrustBudget.of(failures, window);
    }
}
