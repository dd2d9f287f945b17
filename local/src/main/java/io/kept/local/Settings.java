package io.kept.local;

import java.nio.file.Path;
import java.util.Map;

/**
 * What {@link LocalStack} starts and where its data lives.
 *
 * @param home the data home: {@code postgres/}, {@code kafka/} and {@code run/} live under it
 * @param startPostgres false when an external PostgreSQL is used ({@code KEPT_DB_URL} is set)
 * @param postgresPort the port of the embedded PostgreSQL, 0 for any free one
 * @param startKafka false when an external Kafka is used ({@code KEPT_KAFKA_BOOTSTRAP} is set)
 * @param kafkaPort the client port of the embedded Kafka broker, 0 for any free one
 */
public record Settings(Path home, boolean startPostgres, int postgresPort, boolean startKafka, int kafkaPort) {

    public static final int DEFAULT_POSTGRES_PORT = 15432;
    public static final int DEFAULT_KAFKA_PORT = 9092;

    /** The database, login role and password that {@code ./kept up} gives the services. */
    public static final String DATABASE = "kept";
    public static final String USER = "kept";
    public static final String PASSWORD = "kept";

    public Settings {
        home = home.toAbsolutePath().normalize();
        checkPort("PostgreSQL", postgresPort);
        checkPort("Kafka", kafkaPort);
    }

    /**
     * Reads {@code KEPT_HOME} (default {@code .kept} in {@code workingDirectory}), {@code KEPT_DB_URL},
     * {@code KEPT_DB_PORT}, {@code KEPT_KAFKA_BOOTSTRAP} and {@code KEPT_KAFKA_PORT}.
     */
    public static Settings fromEnvironment(Map<String, String> env, Path workingDirectory) {
        String home = env.get("KEPT_HOME");
        return new Settings(
                isBlank(home) ? workingDirectory.resolve(".kept") : workingDirectory.resolve(home),
                isBlank(env.get("KEPT_DB_URL")),
                port(env, "KEPT_DB_PORT", DEFAULT_POSTGRES_PORT),
                isBlank(env.get("KEPT_KAFKA_BOOTSTRAP")),
                port(env, "KEPT_KAFKA_PORT", DEFAULT_KAFKA_PORT));
    }

    public Path postgresData() {
        return home.resolve("postgres");
    }

    public Path kafkaData() {
        return home.resolve("kafka");
    }

    /** Exists while the infrastructure is up; {@code ./kept} waits for it. */
    public Path readyFile() {
        return home.resolve("run").resolve("infra.ready");
    }

    private static int port(Map<String, String> env, String name, int fallback) {
        String value = env.get(name);
        if (isBlank(value)) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a port number, not '" + value + "'");
        }
    }

    private static void checkPort(String what, int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(what + " port must be between 0 and 65535, not " + port);
        }
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
