package io.kept.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The fastest this machine moves Kept-sized records through the same broker and rows into the same
 * PostgreSQL server, without Kept in the way.
 */
final class RawLimits {

    private RawLimits() {
    }

    /** The producer the outbox relay uses: acks=all, idempotent, 5 in flight, linger 5 ms. */
    static KafkaProducer<String, byte[]> producer(String bootstrap, String clientId) {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.CLIENT_ID_CONFIG, clientId,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5,
                ProducerConfig.LINGER_MS_CONFIG, 5),
                new StringSerializer(), new ByteArraySerializer());
    }

    static void createTopic(String bootstrap, String topic) throws InterruptedException, ExecutionException {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1))).all().get();
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
    }

    /** Sends {@code count} records from {@code source}; returns records per second until the last ack. */
    static Map<String, Object> produce(String bootstrap, String clientId, long count,
            java.util.function.LongFunction<ProducerRecord<String, byte[]>> source) throws Exception {
        AtomicReference<Exception> failure = new AtomicReference<>();
        AtomicLong bytes = new AtomicLong();
        long start = System.nanoTime();
        try (KafkaProducer<String, byte[]> producer = producer(bootstrap, clientId)) {
            for (long i = 0; i < count; i++) {
                ProducerRecord<String, byte[]> record = source.apply(i);
                bytes.addAndGet(KeptRecords.size(record));
                producer.send(record, (meta, e) -> {
                    if (e != null) {
                        failure.compareAndSet(null, e);
                    }
                });
            }
            producer.flush();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (failure.get() != null) {
            throw failure.get();
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("records", count);
        result.put("seconds", Bench.round(seconds, 2));
        result.put("records_per_second", Bench.round(count / seconds, 0));
        result.put("mb_per_second", Bench.round(bytes.get() / seconds / 1e6, 1));
        return result;
    }

    /** Reads {@code topic} from the beginning with a fresh group until {@code count} records came. */
    static Map<String, Object> consume(String bootstrap, String topic, long count) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-raw-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        long read = 0;
        long start = System.nanoTime();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
            while (read < count && System.nanoTime() < deadline) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(500));
                read += records.count();
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("records", read);
        result.put("seconds", Bench.round(seconds, 2));
        result.put("records_per_second", Bench.round(read / seconds, 0));
        result.put("note", "includes joining the group (a few hundred ms)");
        return result;
    }

    /** Records of {@code topic} the consumer group has not committed yet; -1 when the group has no offsets. */
    static long groupLag(String bootstrap, String group, String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            Map<org.apache.kafka.common.TopicPartition, org.apache.kafka.clients.consumer.OffsetAndMetadata> committed =
                    admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
            Map<org.apache.kafka.common.TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> latest =
                    new java.util.HashMap<>();
            admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions()
                    .forEach(p -> latest.put(new org.apache.kafka.common.TopicPartition(topic, p.partition()),
                            org.apache.kafka.clients.admin.OffsetSpec.latest()));
            long lag = 0;
            for (var e : admin.listOffsets(latest).all().get().entrySet()) {
                var c = committed.get(e.getKey());
                lag += e.getValue().offset() - (c == null ? 0 : c.offset());
            }
            return lag;
        }
    }

    /**
     * Batched INSERTs of event-shaped rows (uuid, stream, version, type, timestamps, jsonb data) on one
     * connection, {@code batch} rows per statement batch and per commit, into a scratch schema.
     */
    static Map<String, Object> insert(String jdbcUrl, String user, String password, long rows, int batch, String data)
            throws SQLException {
        Properties props = new Properties();
        props.put("user", user);
        props.put("password", password);
        props.put("reWriteBatchedInserts", "true");
        long start;
        double seconds;
        try (Connection c = DriverManager.getConnection(jdbcUrl, props)) {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE SCHEMA IF NOT EXISTS bench");
                s.execute("DROP TABLE IF EXISTS bench.raw_events");
                s.execute("CREATE TABLE bench.raw_events (position bigserial PRIMARY KEY, stream_id text NOT NULL,"
                        + " version int NOT NULL, event_id uuid NOT NULL UNIQUE, type text NOT NULL,"
                        + " occurred_at timestamptz NOT NULL, recorded_at timestamptz NOT NULL, data jsonb NOT NULL,"
                        + " UNIQUE (stream_id, version))");
            }
            c.setAutoCommit(false);
            start = System.nanoTime();
            Timestamp now = Timestamp.from(Instant.now());
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO bench.raw_events (stream_id, version,"
                    + " event_id, type, occurred_at, recorded_at, data) VALUES (?, ?, ?, ?, ?, ?, ?::jsonb)")) {
                for (long i = 0; i < rows; i++) {
                    insert.setString(1, "promise-raw-" + i);
                    insert.setInt(2, 1);
                    insert.setObject(3, UUID.randomUUID());
                    insert.setString(4, "io.kept.promise.made");
                    insert.setTimestamp(5, now);
                    insert.setTimestamp(6, now);
                    insert.setString(7, data);
                    insert.addBatch();
                    if ((i + 1) % batch == 0 || i == rows - 1) {
                        insert.executeBatch();
                        c.commit();
                    }
                }
            }
            seconds = (System.nanoTime() - start) / 1e9;
            c.setAutoCommit(true);
            try (Statement s = c.createStatement()) {
                s.execute("DROP TABLE bench.raw_events");
            }
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("rows", rows);
        result.put("batch", batch);
        result.put("seconds", Bench.round(seconds, 2));
        result.put("rows_per_second", Bench.round(rows / seconds, 0));
        return result;
    }

    /**
     * pgbench on the same server: {@code clients} connections, each committing one event row and its outbox row per
     * transaction, the way one command is stored, into a scratch schema. The server's own {@code synchronous_commit}
     * applies, as it does to Kept. Answers commits per second.
     */
    static Map<String, Object> pgbench(String jdbcUrl, String user, String password, int clients, int seconds, String data)
            throws Exception {
        try (Connection c = DriverManager.getConnection(jdbcUrl, user, password); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA IF NOT EXISTS bench");
            s.execute("DROP TABLE IF EXISTS bench.pgb_outbox, bench.pgb_events");
            s.execute("CREATE TABLE bench.pgb_events (position bigserial PRIMARY KEY, stream_type text NOT NULL,"
                    + " stream_id text NOT NULL, stream_version int NOT NULL, event_id uuid NOT NULL UNIQUE,"
                    + " event_type text NOT NULL, occurred_at timestamptz NOT NULL, recorded_at timestamptz NOT NULL,"
                    + " data jsonb NOT NULL, metadata jsonb NOT NULL, UNIQUE (stream_type, stream_id, stream_version))");
            s.execute("CREATE TABLE bench.pgb_outbox (position bigint PRIMARY KEY)");
        }
        java.net.URI uri = java.net.URI.create(jdbcUrl.substring("jdbc:".length()));
        Path script = Files.createTempFile("kept-pgbench", ".sql");
        Files.writeString(script,
                "WITH e AS (INSERT INTO bench.pgb_events (stream_type, stream_id, stream_version, event_id, event_type,"
                + " occurred_at, recorded_at, data, metadata) VALUES ('promise', gen_random_uuid()::text, 1,"
                + " gen_random_uuid(), 'io.kept.promise.made', now(), now(), '" + data.replace("'", "''")
                + "', '{}') RETURNING position) INSERT INTO bench.pgb_outbox SELECT position FROM e;\n");
        ProcessBuilder pb = new ProcessBuilder("pgbench", "-n", "-h", uri.getHost(), "-p", Integer.toString(uri.getPort()),
                "-U", user, "-c", Integer.toString(clients), "-j", "2", "-T", Integer.toString(seconds), "-f",
                script.toString(), uri.getPath().substring(1)).redirectErrorStream(true);
        pb.environment().put("PGPASSWORD", password);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int exit = p.waitFor();
        Files.deleteIfExists(script);
        java.util.regex.Matcher tps = java.util.regex.Pattern.compile("tps = ([0-9.]+) \\(without initial").matcher(out);
        java.util.regex.Matcher latency = java.util.regex.Pattern.compile("latency average = ([0-9.]+) ms").matcher(out);
        if (exit != 0 || !tps.find()) {
            throw new IllegalStateException("pgbench failed (exit " + exit + "): " + out);
        }
        String syncCommit;
        try (Connection c = DriverManager.getConnection(jdbcUrl, user, password); Statement s = c.createStatement()) {
            try (java.sql.ResultSet rs = s.executeQuery("SHOW synchronous_commit")) {
                rs.next();
                syncCommit = rs.getString(1);
            }
            s.execute("DROP TABLE bench.pgb_outbox, bench.pgb_events");
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("clients", clients);
        result.put("seconds", seconds);
        result.put("synchronous_commit", syncCommit);
        result.put("commits_per_second", Bench.round(Double.parseDouble(tps.group(1)), 0));
        if (latency.find()) {
            result.put("latency_average_ms", Double.parseDouble(latency.group(1)));
        }
        return result;
    }
}
