package io.kept.promise.watcher;

import io.kept.promise.config.WatcherConfig;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.ScheduledExecution;
import jakarta.inject.Singleton;

/** Skips the scheduled watcher round when {@code kept.watcher.enabled} is false (tests drive it by hand). */
@Singleton
public class WatcherDisabled implements Scheduled.SkipPredicate {

    private final WatcherConfig config;

    public WatcherDisabled(WatcherConfig config) {
        this.config = config;
    }

    @Override
    public boolean test(ScheduledExecution execution) {
        return !config.enabled();
    }
}
