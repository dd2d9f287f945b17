package io.kept.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kept.events.Topics;
import io.kept.testkit.TopicReader;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LocalStackTest {

    /** Under target/ (the build points java.io.tmpdir there), never in /tmp. */
    private Path home;

    @BeforeEach
    void createHome() throws IOException {
        Path scratch = Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir")));
        home = Files.createTempDirectory(scratch, "local-stack-");
    }

    @AfterEach
    void deleteHome() throws IOException {
        try (Stream<Path> files = Files.walk(home)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        }
    }

    @Test
    void keepsDatabaseRowsAndTopicRecordsAcrossRestarts() throws Exception {
        Settings settings = new Settings(home, true, freePort(), true, freePort());

        try (LocalStack stack = LocalStack.start(settings)) {
            assertThat(settings.readyFile()).exists();
            assertThat(Files.readString(settings.readyFile()))
                    .contains("postgres=127.0.0.1:" + settings.postgresPort())
                    .contains("kafka=127.0.0.1:" + settings.kafkaPort());
            try (Connection db = connect(stack); Statement sql = db.createStatement()) {
                // A commit, and so a service's 2xx, waits until its events are on disk.
                try (ResultSet setting = sql.executeQuery("SHOW synchronous_commit")) {
                    assertThat(setting.next()).isTrue();
                    assertThat(setting.getString(1)).isEqualTo("on");
                }
                sql.execute("CREATE TABLE survivor (id text PRIMARY KEY)");
                sql.execute("INSERT INTO survivor VALUES ('written before the restart')");
            }
            try (var producer = new KafkaProducer<String, String>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap().orElseThrow(),
                    ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer())) {
                producer.send(new ProducerRecord<>(Topics.PROMISE_EVENTS, "p-1", "written before the restart"))
                        .get(30, TimeUnit.SECONDS);
            }
        }
        assertThat(settings.readyFile()).doesNotExist();
        assertThat(settings.postgresData().resolve("postmaster.pid")).doesNotExist();

        try (LocalStack stack = LocalStack.start(settings)) {
            try (Connection db = connect(stack); Statement sql = db.createStatement();
                    ResultSet rows = sql.executeQuery("SELECT id FROM survivor")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getString("id")).isEqualTo("written before the restart");
            }
            var records = TopicReader.readUntil(stack.kafkaBootstrap().orElseThrow(), Topics.PROMISE_EVENTS,
                    read -> !read.isEmpty(), Duration.ofSeconds(30));
            assertThat(records).singleElement().satisfies(record -> {
                assertThat(record.key()).isEqualTo("p-1");
                assertThat(new String(record.value())).isEqualTo("written before the restart");
            });
        }
    }

    @Test
    void createsTheEventTopicsAndTheirDeadLetterTopics() throws Exception {
        try (LocalStack stack = LocalStack.start(new Settings(home, false, 0, true, 0));
                Admin admin = Admin.create(Map.of(
                        AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap().orElseThrow()))) {
            Set<String> topics = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            assertThat(topics).containsAll(List.of(
                    "kept.promise-events", "kept.recovery-events", "kept.followup-events",
                    "kept.promise-events.dlq", "kept.recovery-events.dlq", "kept.followup-events.dlq"));
            assertThat(admin.describeTopics(List.of(Topics.RECOVERY_EVENTS)).allTopicNames().get(30, TimeUnit.SECONDS)
                    .get(Topics.RECOVERY_EVENTS).partitions()).hasSize(LocalStack.PARTITIONS);
            assertThat(stack.jdbcUrl()).isEmpty();
        }
    }

    @Test
    void synchronousCommitIsOnUnlessConfiguredAndNothingButOnOffOrLocal() {
        assertThat(LocalStack.postgresSettings(Map.of())).containsEntry("synchronous_commit", "on");
        assertThat(LocalStack.postgresSettings(Map.of("KEPT_DB_SYNCHRONOUS_COMMIT", "off")))
                .containsEntry("synchronous_commit", "off");
        assertThatThrownBy(() -> LocalStack.postgresSettings(Map.of("KEPT_DB_SYNCHRONOUS_COMMIT", "maybe")))
                .hasMessageContaining("KEPT_DB_SYNCHRONOUS_COMMIT must be on, off or local, not 'maybe'");
    }

    @Test
    void refusesToStartWhenThePortIsTaken() throws Exception {
        try (ServerSocket squatter = new ServerSocket()) {
            squatter.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
            Settings settings = new Settings(home, false, 0, true, squatter.getLocalPort());

            assertThatThrownBy(() -> LocalStack.start(settings))
                    .hasMessageContaining("port " + squatter.getLocalPort() + " on 127.0.0.1 is already in use")
                    .hasMessageContaining("KEPT_KAFKA_PORT");
        }
        assertThat(home.resolve("kafka")).doesNotExist();
    }

    @Test
    void readsItsSettingsFromTheEnvironment() {
        Path cwd = Path.of("/srv/kept");

        Settings defaults = Settings.fromEnvironment(Map.of(), cwd);
        assertThat(defaults).isEqualTo(new Settings(cwd.resolve(".kept"), true, 15432, true, 9092));
        assertThat(defaults.readyFile()).isEqualTo(Path.of("/srv/kept/.kept/run/infra.ready"));

        Settings external = Settings.fromEnvironment(Map.of(
                "KEPT_HOME", "/data/kept",
                "KEPT_DB_URL", "postgresql://db:5432/kept",
                "KEPT_KAFKA_PORT", "19092"), cwd);
        assertThat(external).isEqualTo(new Settings(Path.of("/data/kept"), false, 15432, true, 19092));

        assertThatThrownBy(() -> Settings.fromEnvironment(Map.of("KEPT_DB_PORT", "fifteen"), cwd))
                .hasMessageContaining("KEPT_DB_PORT");
    }

    private static Connection connect(LocalStack stack) throws SQLException {
        return DriverManager.getConnection(stack.jdbcUrl().orElseThrow(), Settings.USER, Settings.PASSWORD);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
