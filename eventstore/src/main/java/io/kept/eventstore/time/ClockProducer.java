package io.kept.eventstore.time;

import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.time.Clock;

/**
 * The one source of "now". Code asks for a {@link Clock}, never for {@code Instant.now()}, so
 * tests can replace it (any other {@code Clock} bean wins over this default) and deadlines pass
 * without waiting.
 */
public class ClockProducer {

    @Produces
    @DefaultBean
    @ApplicationScoped
    Clock clock() {
        return Clock.systemUTC();
    }
}
