package io.kept.local;

import io.kept.events.Topics;
import io.kept.testkit.EmbeddedKafkaBroker;
import io.kept.testkit.EmbeddedPostgresServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;

/**
 * The infrastructure behind {@code ./kept up}: an embedded PostgreSQL server and an embedded
 * Kafka broker (KRaft), both keeping their data under the data home across restarts.
 * {@link #main} starts it, prints {@value #READY_LINE} and runs until SIGTERM or SIGINT.
 */
public final class LocalStack implements AutoCloseable {

    static {
        // Before anything touches java.util.logging, so Kafka and zonky log through jboss-logmanager
        // with local/src/main/resources/logging.properties, even when started without the -D flag.
        if (System.getProperty("java.util.logging.manager") == null) {
            System.setProperty("java.util.logging.manager", "org.jboss.logmanager.LogManager");
        }
    }

    /** Printed once everything is up; {@code ./kept} waits for it (and for the ready file). */
    public static final String READY_LINE = "KEPT-INFRA-READY";
    public static final int PARTITIONS = 3;
    private static final String HOST = "127.0.0.1";

    private final Settings settings;
    private final EmbeddedPostgresServer postgres;
    private final EmbeddedKafkaBroker kafka;
    private boolean closed;

    private LocalStack(Settings settings, EmbeddedPostgresServer postgres, EmbeddedKafkaBroker kafka) {
        this.settings = settings;
        this.postgres = postgres;
        this.kafka = kafka;
    }

    public static void main(String[] args) throws InterruptedException {
        Settings settings;
        LocalStack stack;
        try {
            settings = Settings.fromEnvironment(System.getenv(), Path.of(""));
            stack = start(settings);
        } catch (RuntimeException e) {
            System.err.println("kept-local: could not start: " + describe(e));
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(stack::close, "kept-local-stop"));
        System.out.println(READY_LINE);
        System.out.flush();
        // Nothing left to do here: the shutdown hook stops everything on SIGTERM or SIGINT.
        new CountDownLatch(1).await();
    }

    /**
     * Starts what the settings ask for (PostgreSQL and Kafka side by side), creates the database,
     * role and topics when missing, and writes the ready file. Fails before starting anything when a
     * port is taken.
     */
    public static LocalStack start(Settings settings) {
        long started = System.nanoTime();
        System.out.println("Kept local infrastructure, data in " + settings.home());
        if (settings.startPostgres()) {
            requireNoPostmasterLeftOver(settings.postgresData());
            requireFreePort(settings.postgresPort(), "PostgreSQL", "KEPT_DB_PORT", "KEPT_DB_URL");
        }
        if (settings.startKafka()) {
            requireFreePort(settings.kafkaPort(), "Kafka", "KEPT_KAFKA_PORT", "KEPT_KAFKA_BOOTSTRAP");
        }
        deleteReadyFile(settings);

        CompletableFuture<EmbeddedPostgresServer> postgres = settings.startPostgres()
                ? CompletableFuture.supplyAsync(() -> startPostgres(settings))
                : CompletableFuture.completedFuture(null);
        EmbeddedKafkaBroker kafka = null;
        try {
            kafka = settings.startKafka() ? startKafka(settings) : null;
            LocalStack stack = new LocalStack(settings, join(postgres), kafka);
            if (!settings.startPostgres()) {
                System.out.println("  PostgreSQL  external (KEPT_DB_URL), not started");
            }
            if (!settings.startKafka()) {
                System.out.println("  Kafka       external (KEPT_KAFKA_BOOTSTRAP), not started");
            }
            stack.writeReadyFile();
            System.out.printf("  ready in %.1f s%n", seconds(System.nanoTime() - started));
            return stack;
        } catch (RuntimeException e) {
            if (kafka != null) {
                kafka.close();
            }
            try {
                EmbeddedPostgresServer server = postgres.join();
                if (server != null) {
                    server.close();
                }
            } catch (CompletionException alsoFailed) {
                if (alsoFailed.getCause() != e) {
                    e.addSuppressed(alsoFailed.getCause());
                }
            }
            throw e;
        }
    }

    /**
     * The local server's settings beyond the embedded defaults (local/README.md says why each). {@code
     * synchronous_commit} is on unless {@code KEPT_DB_SYNCHRONOUS_COMMIT} says otherwise: a 2xx then means the events
     * are on disk, here as in production; the embedded server's own default is off.
     */
    static Map<String, String> postgresSettings(Map<String, String> env) {
        String synchronousCommit = env.getOrDefault("KEPT_DB_SYNCHRONOUS_COMMIT", "on");
        if (!java.util.Set.of("on", "off", "local").contains(synchronousCommit)) {
            throw new IllegalArgumentException("KEPT_DB_SYNCHRONOUS_COMMIT must be on, off or local, not '"
                    + synchronousCommit + "'");
        }
        return Map.of("synchronous_commit", synchronousCommit);
    }

    private static EmbeddedPostgresServer startPostgres(Settings settings) {
        long started = System.nanoTime();
        EmbeddedPostgresServer server = EmbeddedPostgresServer.start(settings.postgresPort(), settings.postgresData(), true,
                postgresSettings(System.getenv()));
        try {
            server.ensureDatabase(Settings.DATABASE, Settings.USER, Settings.PASSWORD);
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        System.out.printf("  PostgreSQL  %s:%d  database %s (user %s)  started in %.1f s  [%s]%n",
                HOST, server.port(), Settings.DATABASE, Settings.USER, seconds(System.nanoTime() - started),
                settings.postgresData());
        return server;
    }

    private static EmbeddedKafkaBroker startKafka(Settings settings) {
        long started = System.nanoTime();
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(settings.kafkaPort(), settings.kafkaData());
        try {
            broker.createTopics(topics(), PARTITIONS);
        } catch (RuntimeException e) {
            broker.close();
            throw e;
        }
        System.out.printf("  Kafka       %s  %d topics with %d partitions  started in %.1f s  [%s]%n",
                broker.bootstrapServers(), topics().size(), PARTITIONS, seconds(System.nanoTime() - started),
                settings.kafkaData());
        return broker;
    }

    /** The event topics and their dead-letter topics. */
    public static List<String> topics() {
        List<String> topics = new ArrayList<>();
        for (String topic : Topics.all()) {
            topics.add(topic);
            topics.add(Topics.dlq(topic));
        }
        return topics;
    }

    public Settings settings() {
        return settings;
    }

    /** JDBC URL of the {@code kept} database, when PostgreSQL was started here. */
    public Optional<String> jdbcUrl() {
        return Optional.ofNullable(postgres).map(server -> server.jdbcUrl(Settings.DATABASE));
    }

    /** Bootstrap servers of the broker, when Kafka was started here. */
    public Optional<String> kafkaBootstrap() {
        return Optional.ofNullable(kafka).map(EmbeddedKafkaBroker::bootstrapServers);
    }

    /** Stops Kafka, then PostgreSQL, keeping their data, and removes the ready file. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        deleteReadyFile(settings);
        if (kafka != null) {
            long started = System.nanoTime();
            kafka.close();
            System.out.printf("Kafka stopped in %.1f s%n", seconds(System.nanoTime() - started));
        }
        if (postgres != null) {
            postgres.close();
            awaitPostmasterGone(settings.postgresData());
            System.out.println("PostgreSQL stopped");
        }
        System.out.flush();
    }

    private void writeReadyFile() {
        StringBuilder info = new StringBuilder();
        info.append("pid=").append(ProcessHandle.current().pid()).append('\n');
        info.append("postgres=").append(postgres == null ? "external" : HOST + ":" + postgres.port()).append('\n');
        info.append("kafka=").append(kafka == null ? "external" : kafka.bootstrapServers()).append('\n');
        Path file = settings.readyFile();
        try {
            Files.createDirectories(file.getParent());
            Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(temporary, info, StandardCharsets.UTF_8);
            // A reader never sees a half-written file.
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write " + file, e);
        }
    }

    private static void deleteReadyFile(Settings settings) {
        try {
            Files.deleteIfExists(settings.readyFile());
        } catch (IOException e) {
            System.err.println("kept-local: could not delete " + settings.readyFile() + ": " + e.getMessage());
        }
    }

    /**
     * Binding the port ourselves is the only reliable check: the embedded servers would otherwise
     * fail late and obscurely (or, for PostgreSQL, mistake the other server for their own).
     */
    static void requireFreePort(int port, String what, String portVariable, String externalVariable) {
        if (port == 0) {
            return;
        }
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName(HOST), port));
        } catch (IOException e) {
            throw new IllegalStateException(String.format(
                    "port %d on %s is already in use, so the embedded %s cannot start there. "
                            + "Is another %s (or an earlier ./kept up) running? Stop it, choose another port with %s, "
                            + "or use the running server with %s.",
                    port, HOST, what, what, portVariable, externalVariable));
        }
    }

    /** A PostgreSQL left running by a killed LocalStack still owns the data directory. */
    private static void requireNoPostmasterLeftOver(Path dataDirectory) {
        Path pidFile = dataDirectory.resolve("postmaster.pid");
        if (!Files.isRegularFile(pidFile)) {
            return;
        }
        try {
            List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
            long pid = lines.isEmpty() ? -1 : Long.parseLong(lines.get(0).trim());
            boolean alive = ProcessHandle.of(pid)
                    .filter(ProcessHandle::isAlive)
                    .flatMap(process -> process.info().command())
                    .filter(command -> command.contains("postgres"))
                    .isPresent();
            if (alive) {
                throw new IllegalStateException(String.format(
                        "PostgreSQL from an earlier run is still running (pid %d) on %s. "
                                + "Stop it with ./kept down (or kill %d), then try again.",
                        pid, dataDirectory, pid));
            }
        } catch (IOException | NumberFormatException e) {
            // Unreadable or stale: pg_ctl copes with a stale pid file itself.
        }
    }

    /**
     * On JVM exit zonky's own shutdown hook may be stopping the server already, and then
     * {@code close()} returns at once; PostgreSQL removes its pid file once it has really stopped.
     */
    private static void awaitPostmasterGone(Path dataDirectory) {
        Path pidFile = dataDirectory.resolve("postmaster.pid");
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (Files.exists(pidFile) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static <T> T join(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    /** The most telling message of a failure chain. */
    static String describe(Throwable failure) {
        StringBuilder message = new StringBuilder(String.valueOf(failure.getMessage()));
        for (Throwable cause = failure.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
            if (cause.getMessage() != null && !message.toString().contains(cause.getMessage())) {
                message.append(": ").append(cause.getMessage());
            }
        }
        return message.toString();
    }

    private static double seconds(long nanos) {
        return Duration.ofNanos(nanos).toMillis() / 1000.0;
    }
}
