package io.kept.eventstore;

import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.Scheduler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import java.time.Clock;
import java.time.Duration;
import org.eclipse.microprofile.config.Config;

/**
 * The one loop of every {@link Watcher} in a service: at start-up each enabled watcher
 * ({@code kept.watchers.<name>.enabled}, true by default) becomes a scheduled job every
 * {@code kept.watchers.<name>.interval}. A round never overlaps the one before (a slow round skips ticks), and a failed
 * round is logged and left to the next one: the due items are still due. Disabled, a watcher runs only when called
 * (tests drive the watchers by hand; an operator may run them on some replicas only).
 */
@ApplicationScoped
public class Watchers {

    private final Instance<Watcher> watchers;
    private final Scheduler scheduler;
    private final Clock clock;
    private final Config config;

    public Watchers(Instance<Watcher> watchers, Scheduler scheduler, Clock clock, Config config) {
        this.watchers = watchers;
        this.scheduler = scheduler;
        this.clock = clock;
        this.config = config;
    }

    void start(@Observes StartupEvent started) {
        for (Watcher watcher : watchers) {
            String prefix = "kept.watchers." + watcher.name() + ".";
            if (!config.getOptionalValue(prefix + "enabled", Boolean.class).orElse(true)) {
                Log.infof("Watcher %s is disabled (%senabled=false); it runs only when called", watcher.name(), prefix);
                continue;
            }
            Duration interval = config.getValue(prefix + "interval", Duration.class);
            scheduler.newJob("watcher-" + watcher.name())
                    .setInterval(interval.toString())
                    .setConcurrentExecution(Scheduled.ConcurrentExecution.SKIP)
                    .setAsyncTask(execution -> watcher.runOnce(clock.instant())
                            .onFailure().invoke(e -> Log.warnf(e, "Watcher %s: the round failed; the next round retries",
                                    watcher.name()))
                            .onFailure().recoverWithNull()
                            .replaceWithVoid())
                    .schedule();
        }
    }
}
