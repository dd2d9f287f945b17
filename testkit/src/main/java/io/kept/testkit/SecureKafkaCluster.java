package io.kept.testkit;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;
import org.jboss.logging.Logger;

/**
 * A Kafka cluster as production runs it, inside this JVM: {@code nodes} KRaft nodes, each broker and controller
 * (a static controller quorum of all of them), whose client listener speaks TLS (a server certificate from a CA
 * this class makes) with SCRAM-SHA-512, and whose authorizer is {@code StandardAuthorizer} with
 * {@code allow.everyone.if.no.acl.found=false}: a client may do only what an ACL allows.
 *
 * <p>The set-up itself (users, ACLs, topics) goes through a second listener, plaintext on 127.0.0.1, whose
 * anonymous principal is the only super user (the brokers and controllers talk to each other on it too). Clients
 * under test use {@link #bootstrapServers()} and {@link #clientConfig}, as a Strimzi {@code KafkaUser} would.
 *
 * <p>{@link #stop(int)} and {@link #start(int)} take one node away and bring it back with its data and ports.
 */
public final class SecureKafkaCluster implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(SecureKafkaCluster.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    public static final String MECHANISM = "SCRAM-SHA-512";

    private final List<Properties> configs;
    private final KafkaRaftServer[] servers;
    private final String bootstrapServers;
    private final String internalBootstrapServers;
    private final Path caCertificate;

    private SecureKafkaCluster(List<Properties> configs, String bootstrapServers, String internalBootstrapServers,
            Path caCertificate) {
        this.configs = configs;
        this.servers = new KafkaRaftServer[configs.size()];
        this.bootstrapServers = bootstrapServers;
        this.internalBootstrapServers = internalBootstrapServers;
        this.caCertificate = caCertificate;
    }

    /**
     * Formats and starts a cluster; returns once every node is a broker the others know.
     *
     * @param dir where the CA, the certificate and every node's log directory go
     * @param nodes how many nodes (3 for a quorum that survives one node away)
     * @param brokerConfig broker settings on top of the listeners and security (a Strimzi {@code Kafka}'s
     *        {@code spec.kafka.config}, say); they may not replace the listeners or the authorizer
     * @param metadataVersion the metadata version to format with ({@code 4.1-IV1}), null for the latest production one
     * @param dnsNames names the client listener's certificate holds besides {@code localhost}, the host brokers
     *        advertise
     */
    public static SecureKafkaCluster start(Path dir, int nodes, Map<String, ?> brokerConfig, String metadataVersion,
            List<String> dnsNames) {
        long started = System.nanoTime();
        try {
            Files.createDirectories(dir);
            TestCertificates ca = TestCertificates.authority(dir.resolve("ca"), "Kept test Kafka cluster CA");
            List<String> names = new ArrayList<>(List.of("localhost"));
            names.addAll(dnsNames);
            TestCertificates.ServerCertificate certificate = ca.server("kafka", names);
            String chain = Files.readString(certificate.certificate());
            String key = Files.readString(certificate.privateKey());

            int[] client = new int[nodes];
            int[] internal = new int[nodes];
            int[] controller = new int[nodes];
            List<String> voters = new ArrayList<>();
            for (int i = 0; i < nodes; i++) {
                client[i] = EmbeddedKafkaBroker.freePort();
                internal[i] = EmbeddedKafkaBroker.freePort();
                controller[i] = EmbeddedKafkaBroker.freePort();
                voters.add((i + 1) + "@127.0.0.1:" + controller[i]);
            }
            String clusterId = Uuid.randomUuid().toString();
            MetadataVersion version = metadataVersion == null || metadataVersion.isBlank()
                    ? MetadataVersion.LATEST_PRODUCTION : MetadataVersion.fromVersionString(metadataVersion, false);
            List<Properties> configs = new ArrayList<>();
            for (int i = 0; i < nodes; i++) {
                Path logDir = dir.resolve("node-" + (i + 1)).toAbsolutePath();
                Files.createDirectories(logDir);
                Properties props = new Properties();
                brokerConfig.forEach((k, v) -> props.put(k, String.valueOf(v)));
                props.put("process.roles", "broker,controller");
                props.put("node.id", String.valueOf(i + 1));
                props.put("controller.quorum.voters", String.join(",", voters));
                props.put("listeners", "CLIENT://127.0.0.1:" + client[i] + ",INTERNAL://127.0.0.1:" + internal[i]
                        + ",CONTROLLER://127.0.0.1:" + controller[i]);
                props.put("advertised.listeners", "CLIENT://localhost:" + client[i] + ",INTERNAL://127.0.0.1:" + internal[i]);
                props.put("listener.security.protocol.map", "CLIENT:SASL_SSL,INTERNAL:PLAINTEXT,CONTROLLER:PLAINTEXT");
                props.put("inter.broker.listener.name", "INTERNAL");
                props.put("controller.listener.names", "CONTROLLER");
                props.put("listener.name.client.sasl.enabled.mechanisms", MECHANISM);
                props.put("listener.name.client.scram-sha-512.sasl.jaas.config",
                        "org.apache.kafka.common.security.scram.ScramLoginModule required ;");
                props.put("listener.name.client.ssl.keystore.type", "PEM");
                props.put("listener.name.client.ssl.keystore.certificate.chain", chain);
                props.put("listener.name.client.ssl.keystore.key", key);
                props.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
                props.put("allow.everyone.if.no.acl.found", "false");
                // The plaintext listeners (set-up, replication, the quorum) are anonymous; nothing else may be.
                props.put("super.users", "User:ANONYMOUS");
                props.put("log.dirs", logDir.toString());
                props.putIfAbsent("group.initial.rebalance.delay.ms", "0");
                props.putIfAbsent("offsets.topic.num.partitions", "6");
                props.putIfAbsent("transaction.state.log.num.partitions", "6");
                props.putIfAbsent("share.coordinator.state.topic.replication.factor", String.valueOf(Math.min(3, nodes)));
                props.putIfAbsent("share.coordinator.state.topic.min.isr", "1");
                new Formatter()
                        .setPrintStream(new PrintStream(PrintStream.nullOutputStream()))
                        .setClusterId(clusterId)
                        .setNodeId(i + 1)
                        .setControllerListenerName("CONTROLLER")
                        .setMetadataLogDirectory(logDir.toString())
                        .setDirectories(List.of(logDir.toString()))
                        .setReleaseVersion(version)
                        .run();
                configs.add(props);
            }
            String bootstrap = java.util.Arrays.stream(client).mapToObj(p -> "localhost:" + p).collect(Collectors.joining(","));
            String internalBootstrap = java.util.Arrays.stream(internal).mapToObj(p -> "127.0.0.1:" + p)
                    .collect(Collectors.joining(","));
            SecureKafkaCluster cluster = new SecureKafkaCluster(configs, bootstrap, internalBootstrap, ca.caCertificate());
            // Each node's start-up waits for a quorum, so they start side by side.
            List<CompletableFuture<Void>> starts = new ArrayList<>();
            for (int i = 1; i <= nodes; i++) {
                int node = i;
                starts.add(CompletableFuture.runAsync(() -> cluster.launch(node)));
            }
            CompletableFuture.allOf(starts.toArray(CompletableFuture[]::new)).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            cluster.awaitBrokers(nodes);
            LOG.infof("Secure Kafka cluster of %d KRaft nodes ready on %s (set-up: %s) in %d ms", nodes, bootstrap,
                    internalBootstrap, Duration.ofNanos(System.nanoTime() - started).toMillis());
            return cluster;
        } catch (IOException e) {
            throw new UncheckedIOException("Kafka cluster did not start", e);
        } catch (Exception e) {
            throw new IllegalStateException("Kafka cluster did not start", e);
        }
    }

    /** The client (SASL_SSL) listener of every node, as {@code localhost:port}. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** The PEM of the CA that signed the brokers' certificate (Strimzi's cluster CA, {@code ca.crt}). */
    public Path caCertificate() {
        return caCertificate;
    }

    /** What a JAAS configuration of a SCRAM user says, as Strimzi writes it into the user's Secret ({@code sasl.jaas.config}). */
    public static String jaasConfig(String user, String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user
                + "\" password=\"" + password + "\";";
    }

    /** The settings a client needs to reach the client listener as {@code user}. */
    public Map<String, Object> clientConfig(String user, String password) {
        Map<String, Object> config = new HashMap<>();
        config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_SSL");
        config.put(SaslConfigs.SASL_MECHANISM, MECHANISM);
        config.put(SaslConfigs.SASL_JAAS_CONFIG, jaasConfig(user, password));
        config.put(SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG, "PEM");
        config.put(SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG, caCertificate.toString());
        return config;
    }

    /** An admin client on the set-up listener: a super user. For the test's own set-up and checks only. */
    public Admin superUserAdmin() {
        return Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, internalBootstrapServers,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis()));
    }

    /** Creates (or replaces) each user's SCRAM-SHA-512 credential, as Strimzi's user operator does. */
    public void upsertUsers(Map<String, String> passwordsByUser) {
        try (Admin admin = superUserAdmin()) {
            admin.alterUserScramCredentials(passwordsByUser.entrySet().stream()
                            .<org.apache.kafka.clients.admin.UserScramCredentialAlteration>map(e ->
                                    new UserScramCredentialUpsertion(e.getKey(),
                                            new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096), e.getValue()))
                            .toList())
                    .all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            // Every broker learns the credentials from the metadata log; wait until a client can log in as each.
            for (Map.Entry<String, String> user : passwordsByUser.entrySet()) {
                awaitLogin(user.getKey(), user.getValue());
            }
        } catch (Exception e) {
            throw new IllegalStateException("Could not create users " + passwordsByUser.keySet(), e);
        }
    }

    public void createAcls(Collection<AclBinding> acls) {
        try (Admin admin = superUserAdmin()) {
            admin.createAcls(acls).all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("Could not create ACLs " + acls, e);
        }
    }

    public void createTopics(Collection<NewTopic> topics) {
        try (Admin admin = superUserAdmin()) {
            admin.createTopics(topics).all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("Could not create topics " + topics, e);
        }
    }

    /** Node ids, 1 to {@code nodes}. */
    public int nodes() {
        return servers.length;
    }

    /** Stops node {@code nodeId} (broker and controller), keeping its data, as a pod that goes away. */
    public void stop(int nodeId) {
        KafkaRaftServer server;
        synchronized (this) {
            server = servers[nodeId - 1];
            servers[nodeId - 1] = null;
        }
        if (server != null) {
            long started = System.nanoTime();
            server.shutdown();
            server.awaitShutdown();
            LOG.infof("Kafka node %d stopped in %d ms", nodeId, Duration.ofNanos(System.nanoTime() - started).toMillis());
        }
    }

    /** Starts node {@code nodeId} again, on its ports with its data; returns once the cluster counts it again. */
    public void start(int nodeId) {
        long started = System.nanoTime();
        launch(nodeId);
        awaitBrokers(servers.length);
        LOG.infof("Kafka node %d started again in %d ms", nodeId, Duration.ofNanos(System.nanoTime() - started).toMillis());
    }

    private void launch(int nodeId) {
        KafkaRaftServer server;
        synchronized (this) {
            if (servers[nodeId - 1] != null) {
                return;
            }
            server = new KafkaRaftServer(new KafkaConfig(configs.get(nodeId - 1)), Time.SYSTEM);
            servers[nodeId - 1] = server;
        }
        server.startup();
    }

    private void awaitBrokers(int count) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        try (Admin admin = superUserAdmin()) {
            while (true) {
                int brokers = admin.describeCluster().nodes().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).size();
                if (brokers >= count) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(brokers + " of " + count + " Kafka brokers after " + TIMEOUT);
                }
                Thread.sleep(200);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (Exception e) {
            throw new IllegalStateException("Kafka brokers not ready", e);
        }
    }

    private void awaitLogin(String user, String password) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        Map<String, Object> config = new LinkedHashMap<>(clientConfig(user, password));
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5_000);
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        while (true) {
            try (Admin admin = Admin.create(config)) {
                admin.describeCluster().nodes().get(10, TimeUnit.SECONDS);
                return;
            } catch (Exception e) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(user + " cannot log in to Kafka", e);
                }
                Thread.sleep(250);
            }
        }
    }

    @Override
    public void close() {
        // All nodes side by side, while the quorum still stands: each broker's controlled shutdown needs a controller.
        List<CompletableFuture<Void>> stops = new ArrayList<>();
        for (int i = 1; i <= servers.length; i++) {
            int node = i;
            stops.add(CompletableFuture.runAsync(() -> stop(node)));
        }
        try {
            CompletableFuture.allOf(stops.toArray(CompletableFuture[]::new)).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.warn("Kafka cluster did not stop cleanly", e);
        }
    }
}
