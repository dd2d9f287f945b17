package io.kept.testkit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * One Kafka broker and one PostgreSQL server per test JVM, started on first use and stopped when
 * the JVM exits. Test class families share them; each family gets its own database and clean topics.
 */
public final class SharedInfrastructure {

    /** JDBC URL of an external PostgreSQL server to use instead of the embedded one. */
    public static final String EXTERNAL_DB_URL = "KEPT_TEST_DB_URL";
    public static final String EXTERNAL_DB_USER = "KEPT_TEST_DB_USER";
    public static final String EXTERNAL_DB_PASSWORD = "KEPT_TEST_DB_PASSWORD";

    private static final Logger LOG = Logger.getLogger(SharedInfrastructure.class);
    private static final AtomicInteger DATABASES = new AtomicInteger();

    private static EmbeddedKafkaBroker kafka;
    private static EmbeddedPostgresServer postgres;

    private SharedInfrastructure() {
    }

    public static synchronized EmbeddedKafkaBroker kafka() {
        if (kafka == null) {
            kafka = EmbeddedKafkaBroker.start(0, scratch("kafka"));
            EmbeddedKafkaBroker started = kafka;
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "kept-test-kafka-stop"));
        }
        return kafka;
    }

    /** A new, empty database: on the external server when {@value #EXTERNAL_DB_URL} is set. */
    public static synchronized TestDatabase freshDatabase() {
        String name = "kept_test_" + DATABASES.incrementAndGet() + "_" + ProcessHandle.current().pid();
        String external = System.getenv(EXTERNAL_DB_URL);
        if (external != null && !external.isBlank()) {
            String user = envOr(EXTERNAL_DB_USER, "postgres");
            String password = envOr(EXTERNAL_DB_PASSWORD, "postgres");
            try (Connection c = DriverManager.getConnection(external, user, password);
                    Statement s = c.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS " + name);
                s.execute("CREATE DATABASE " + name);
            } catch (SQLException e) {
                throw new IllegalStateException("Could not create a test database on " + external, e);
            }
            return new TestDatabase(replaceDatabase(external, name), user, password);
        }
        EmbeddedPostgresServer server = postgres();
        server.ensureDatabase(name, "kept", "kept");
        return new TestDatabase(server.jdbcUrl(name), "kept", "kept");
    }

    public static synchronized EmbeddedPostgresServer postgres() {
        if (postgres == null) {
            postgres = EmbeddedPostgresServer.start(0, null, false);
            EmbeddedPostgresServer started = postgres;
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "kept-test-postgres-stop"));
        }
        return postgres;
    }

    static String replaceDatabase(String jdbcUrl, String database) {
        int query = jdbcUrl.indexOf('?');
        String base = query < 0 ? jdbcUrl : jdbcUrl.substring(0, query);
        String params = query < 0 ? "" : jdbcUrl.substring(query);
        int slash = base.lastIndexOf('/');
        if (slash < "jdbc:postgresql://".length()) {
            return base + "/" + database + params;
        }
        return base.substring(0, slash + 1) + database + params;
    }

    private static String envOr(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    private static Path scratch(String what) {
        try {
            Path base = Path.of(System.getProperty("java.io.tmpdir"));
            Files.createDirectories(base);
            return Files.createTempDirectory(base, "kept-" + what + "-");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

}
