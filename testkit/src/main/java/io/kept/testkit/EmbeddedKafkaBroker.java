package io.kept.testkit;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;
import org.jboss.logging.Logger;

/**
 * A real single-node Kafka broker in KRaft mode (combined broker and controller), run inside
 * this JVM from the Maven Central Kafka server artifacts. It speaks the real protocol on a real
 * port, so clients cannot tell it from a cluster of one.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(EmbeddedKafkaBroker.class);
    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);

    private final Properties props;
    private final String bootstrapServers;
    private final Duration startup;
    private KafkaRaftServer server;

    private EmbeddedKafkaBroker(KafkaRaftServer server, Properties props, String bootstrapServers, Duration startup) {
        this.server = server;
        this.props = props;
        this.bootstrapServers = bootstrapServers;
        this.startup = startup;
    }

    /**
     * Starts a broker.
     *
     * @param port the client port, 0 for any free one
     * @param logDir where partitions live; formatted on first use, reused afterwards
     */
    public static EmbeddedKafkaBroker start(int port, Path logDir) {
        long started = System.nanoTime();
        try {
            Files.createDirectories(logDir);
            int clientPort = port > 0 ? port : freePort();
            int controllerPort = freePort();
            Properties props = new Properties();
            props.put("process.roles", "broker,controller");
            props.put("node.id", "1");
            props.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
            props.put("listeners", "PLAINTEXT://127.0.0.1:" + clientPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
            props.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + clientPort);
            props.put("controller.listener.names", "CONTROLLER");
            props.put("inter.broker.listener.name", "PLAINTEXT");
            props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
            props.put("log.dirs", logDir.toAbsolutePath().toString());
            // A cluster of one: every internal topic has a single replica.
            props.put("offsets.topic.replication.factor", "1");
            props.put("offsets.topic.num.partitions", "4");
            props.put("transaction.state.log.replication.factor", "1");
            props.put("transaction.state.log.min.isr", "1");
            props.put("transaction.state.log.num.partitions", "4");
            props.put("share.coordinator.state.topic.replication.factor", "1");
            props.put("share.coordinator.state.topic.min.isr", "1");
            props.put("default.replication.factor", "1");
            props.put("min.insync.replicas", "1");
            props.put("group.initial.rebalance.delay.ms", "0");
            props.put("num.partitions", "3");
            props.put("auto.create.topics.enable", "true");
            props.put("log.retention.ms", "-1");
            KafkaConfig config = new KafkaConfig(props);

            if (!Files.exists(logDir.resolve("meta.properties"))) {
                new Formatter()
                        .setPrintStream(new PrintStream(PrintStream.nullOutputStream()))
                        .setClusterId(Uuid.randomUuid().toString())
                        .setNodeId(1)
                        .setControllerListenerName("CONTROLLER")
                        .setMetadataLogDirectory(logDir.toAbsolutePath().toString())
                        .setDirectories(List.of(logDir.toAbsolutePath().toString()))
                        .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                        .run();
            }
            KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
            server.startup();
            String bootstrap = "127.0.0.1:" + clientPort;
            awaitReady(bootstrap);
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            LOG.infof("Embedded Kafka broker (KRaft) ready on %s in %d ms", bootstrap, took.toMillis());
            return new EmbeddedKafkaBroker(server, props, bootstrap, took);
        } catch (IOException e) {
            throw new UncheckedIOException("Kafka broker did not start", e);
        } catch (Exception e) {
            throw new IllegalStateException("Kafka broker did not start", e);
        }
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** Time from {@link #start} to a broker that answers metadata requests. */
    public Duration startup() {
        return startup;
    }

    public Admin admin() {
        return Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) ADMIN_TIMEOUT.toMillis()));
    }

    /** Creates each topic that does not exist yet. */
    public void createTopics(Collection<String> topics, int partitions) {
        try (Admin admin = admin()) {
            createMissing(admin, topics, partitions);
        }
    }

    /**
     * Deletes the topics and creates them empty again, so a test class family starts from a
     * clean log. Deletion is asynchronous in Kafka; creation is retried until it has finished.
     */
    public void recreateTopics(Collection<String> topics, int partitions) {
        try (Admin admin = admin()) {
            Set<String> existing = admin.listTopics().names().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            List<String> doomed = topics.stream().filter(existing::contains).toList();
            if (!doomed.isEmpty()) {
                try {
                    admin.deleteTopics(doomed).all().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                        throw e;
                    }
                }
            }
            long deadline = System.nanoTime() + ADMIN_TIMEOUT.toNanos();
            while (true) {
                try {
                    createMissing(admin, topics, partitions);
                    return;
                } catch (IllegalStateException e) {
                    if (!(e.getCause() instanceof TopicExistsException) || System.nanoTime() > deadline) {
                        throw e;
                    }
                    Thread.sleep(100);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while recreating topics", e);
        } catch (Exception e) {
            throw new IllegalStateException("Could not recreate topics " + topics, e);
        }
    }

    private static void createMissing(Admin admin, Collection<String> topics, int partitions) {
        try {
            Set<String> existing = admin.listTopics().names().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            List<NewTopic> missing = topics.stream()
                    .filter(t -> !existing.contains(t))
                    .map(t -> new NewTopic(t, partitions, (short) 1))
                    .collect(Collectors.toList());
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("Could not create topics " + topics, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating topics", e);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("Timed out creating topics " + topics, e);
        }
    }

    /** Stops the broker, keeping its data, as an outage would. */
    public synchronized void stop() {
        if (server != null) {
            server.shutdown();
            server.awaitShutdown();
            server = null;
            LOG.info("Embedded Kafka broker stopped");
        }
    }

    /** Starts a stopped broker again on the same port with the same data. */
    public synchronized void restart() {
        if (server != null) {
            return;
        }
        try {
            KafkaRaftServer again = new KafkaRaftServer(new KafkaConfig(props), Time.SYSTEM);
            again.startup();
            awaitReady(bootstrapServers);
            server = again;
            LOG.info("Embedded Kafka broker started again");
        } catch (Exception e) {
            throw new IllegalStateException("Kafka broker did not start again", e);
        }
    }

    private static void awaitReady(String bootstrap) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.describeCluster().nodes().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() {
        stop();
    }
}
