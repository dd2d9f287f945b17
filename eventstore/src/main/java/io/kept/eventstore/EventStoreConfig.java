package io.kept.eventstore;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Where this service's event store lives. */
@ConfigMapping(prefix = "kept.eventstore")
public interface EventStoreConfig {

    /** The PostgreSQL schema of this service (promise, recovery, followup, analytics). */
    String schema();

    /**
     * The largest event this store accepts, its data and metadata as UTF-8 JSON. An append over it
     * is refused before anything is written (413); the relay's producer allows this much plus
     * {@link io.kept.eventstore.outbox.OutboxRelay#RECORD_OVERHEAD} for the key and headers, so
     * anything stored can be published.
     */
    @WithDefault("1000000")
    int maxEventBytes();
}
