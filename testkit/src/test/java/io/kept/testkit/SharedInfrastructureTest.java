package io.kept.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class SharedInfrastructureTest {

    @Test
    void brokerAcceptsAndServesRecordsWithAcksAll() throws Exception {
        EmbeddedKafkaBroker broker = SharedInfrastructure.kafka();
        broker.recreateTopics(List.of("testkit.smoke"), 1);

        try (var producer = new KafkaProducer<String, String>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true),
                new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>("testkit.smoke", "k", "hello")).get();
        }
        try (var consumer = new KafkaConsumer<String, String>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "testkit-smoke",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of("testkit.smoke"));
            ConsumerRecords<String, String> records = ConsumerRecords.empty();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (records.isEmpty() && System.nanoTime() < deadline) {
                records = consumer.poll(Duration.ofMillis(200));
            }
            assertThat(records).extracting(r -> r.key() + "=" + r.value()).containsExactly("k=hello");
        }
    }

    @Test
    void recreatedTopicIsEmpty() throws Exception {
        EmbeddedKafkaBroker broker = SharedInfrastructure.kafka();
        broker.recreateTopics(List.of("testkit.reset"), 1);
        try (var producer = new KafkaProducer<String, String>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()),
                new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>("testkit.reset", "k", "old")).get();
        }
        broker.recreateTopics(List.of("testkit.reset"), 1);
        try (var admin = broker.admin()) {
            var partition = new org.apache.kafka.common.TopicPartition("testkit.reset", 0);
            var end = admin.listOffsets(Map.of(partition, org.apache.kafka.clients.admin.OffsetSpec.latest()))
                    .partitionResult(partition).get();
            assertThat(end.offset()).isZero();
        }
    }

    @Test
    void eachFreshDatabaseIsEmptyAndSeparate() throws Exception {
        TestDatabase first = SharedInfrastructure.freshDatabase();
        TestDatabase second = SharedInfrastructure.freshDatabase();
        assertThat(first.jdbcUrl()).isNotEqualTo(second.jdbcUrl());

        try (Connection c = DriverManager.getConnection(first.jdbcUrl(), first.username(), first.password());
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE marker (id int)");
        }
        try (Connection c = DriverManager.getConnection(second.jdbcUrl(), second.username(), second.password());
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM information_schema.tables WHERE table_name = 'marker'")) {
            rs.next();
            assertThat(rs.getInt(1)).isZero();
        }
    }

    @Test
    void externalUrlKeepsItsParametersWhenTheDatabaseIsReplaced() {
        assertThat(SharedInfrastructure.replaceDatabase("jdbc:postgresql://db:5432/postgres?sslmode=require", "kept_test_1"))
                .isEqualTo("jdbc:postgresql://db:5432/kept_test_1?sslmode=require");
    }
}
