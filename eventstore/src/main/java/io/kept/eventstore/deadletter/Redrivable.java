package io.kept.eventstore.deadletter;

import io.kept.eventstore.IncomingEvent;
import io.smallrye.mutiny.Uni;
import java.util.Set;

/**
 * A consumer whose dead letters {@link DeadLetters#replay()} hands back to it, in this process: a replay never
 * publishes to the topic a letter came from, which only its owner may write (each service's Kafka ACLs).
 */
public interface Redrivable {

    /** The SmallRye channels this consumer reads ({@code mp.messaging.incoming.<channel>.*}). */
    Set<String> channels();

    /** Handles one event of {@code channel} exactly as a record handled on its own there: idempotent by event id. */
    Uni<?> redrive(String channel, IncomingEvent event);
}
