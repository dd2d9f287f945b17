package io.kept.eventstore;

import io.smallrye.mutiny.Uni;
import java.time.Instant;

/**
 * Something a service checks every so often on its own: promises past their deadline, recovery clocks, overdue
 * follow-ups. Each is a bean; {@link Watchers} ticks them all the same way, configured as
 * {@code kept.watchers.<name>.{enabled,interval}} (each service's application.properties gives the interval), and a
 * round itself is a {@link WatcherRound}.
 */
public interface Watcher {

    /** Its name in {@code kept.watchers.<name>.*}, in its metrics and logs. */
    String name();

    /** One round at {@code now}; answers how many events it appended. Tests call it directly. */
    Uni<Integer> runOnce(Instant now);
}
