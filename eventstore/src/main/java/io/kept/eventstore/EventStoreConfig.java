package io.kept.eventstore;

import io.smallrye.config.ConfigMapping;

/** Where this service's event store lives. */
@ConfigMapping(prefix = "kept.eventstore")
public interface EventStoreConfig {

    /** The PostgreSQL schema of this service (promise, recovery, followup, analytics). */
    String schema();
}
