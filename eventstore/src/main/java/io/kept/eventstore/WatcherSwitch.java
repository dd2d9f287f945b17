package io.kept.eventstore;

import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.ScheduledExecution;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Skips a watcher's scheduled rounds while {@code kept.watchers.<name>.enabled} is false (tests drive the watchers by
 * hand; an operator may run them on some replicas only). A watcher names it in {@code skipExecutionIf} through a
 * {@code @Singleton} subclass that gives its name.
 */
public abstract class WatcherSwitch implements Scheduled.SkipPredicate {

    private final boolean enabled;

    protected WatcherSwitch(String watcher) {
        this.enabled = ConfigProvider.getConfig()
                .getOptionalValue("kept.watchers." + watcher + ".enabled", Boolean.class).orElse(true);
    }

    @Override
    public boolean test(ScheduledExecution execution) {
        return !enabled;
    }
}
