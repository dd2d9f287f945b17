package io.kept.testkit;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Quarkus test resource: a fresh database on the JVM's embedded PostgreSQL server (or on the
 * server named by {@code KEPT_TEST_DB_URL}) for each test class family.
 */
public class PostgresResource implements QuarkusTestResourceLifecycleManager {

    private static volatile TestDatabase current;

    @Override
    public Map<String, String> start() {
        TestDatabase database = SharedInfrastructure.freshDatabase();
        current = database;
        return database.quarkusConfig();
    }

    /** The database of the family now running, for tests that check rows over JDBC. */
    public static TestDatabase current() {
        if (current == null) {
            throw new IllegalStateException("PostgresResource has not started");
        }
        return current;
    }

    @Override
    public void stop() {
        // The server outlives the family; the database is left for post-mortems under target/.
    }
}
