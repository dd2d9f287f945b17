package io.kept.e2e;

import static io.kept.testkit.Api.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kept.events.Topics;
import io.kept.testkit.EmbeddedKafkaBroker;
import io.kept.testkit.EmbeddedPostgresServer;
import io.kept.testkit.ServiceProcess;
import io.kept.testkit.SharedInfrastructure;
import io.kept.testkit.TestCertificates;
import io.restassured.http.ContentType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A packaged service against a PostgreSQL that speaks TLS, as deploy/ runs it against CloudNativePG
 * ({@code KEPT_DB_SSL_MODE=verify-full}, {@code KEPT_DB_SSL_ROOT_CERT} the CA): it migrates, serves and holds every
 * connection over TLS; with a CA that did not sign the server's certificate, or a host the certificate does not name,
 * it connects not at all.
 */
class DatabaseTlsIT {

    private static final Duration READY = Duration.ofMinutes(2);
    private static final String PASSWORD = "promise-tls";

    private static Path root;
    private static Path work;
    private static EmbeddedPostgresServer postgres;
    private static TestCertificates.ServerCertificate server;
    private static final List<ServiceProcess> started = new ArrayList<>();

    @BeforeAll
    static void startTlsPostgres() throws IOException {
        root = Path.of(System.getProperty("kept.root", "..")).toAbsolutePath().normalize();
        work = Files.createTempDirectory(root.resolve("e2e/target"), "database-tls-");
        // The certificate names localhost only: a client checking the host must connect by that name.
        server = TestCertificates.authority(work.resolve("ca"), "Kept test database CA").server("localhost");
        postgres = EmbeddedPostgresServer.start(0, work.resolve("pgdata"), false, Map.of(
                "ssl", "on",
                "ssl_cert_file", server.certificate().toString(),
                "ssl_key_file", server.privateKey().toString()));
        postgres.ensureDatabase("promise", "promise", PASSWORD);
        EmbeddedKafkaBroker kafka = SharedInfrastructure.kafka();
        kafka.createTopics(List.of(Topics.PROMISE_EVENTS), 3);
    }

    @AfterAll
    static void stop() {
        started.forEach(ServiceProcess::stop);
        if (postgres != null) {
            postgres.close();
        }
    }

    private static ServiceProcess promiseService(String name, String host, Path ca) {
        Map<String, String> env = Map.of(
                "KEPT_DB_URL", "postgresql://" + host + ":" + postgres.port() + "/promise",
                "KEPT_DB_USER", "promise",
                "KEPT_DB_PASSWORD", PASSWORD,
                "KEPT_DB_SSL_MODE", "verify-full",
                "KEPT_DB_SSL_ROOT_CERT", ca.toString(),
                "KEPT_KAFKA_BOOTSTRAP", SharedInfrastructure.kafka().bootstrapServers());
        ServiceProcess service = ServiceProcess.of(root, "promise-service", env, work.resolve(name));
        started.add(service);
        return service.start();
    }

    @Test
    void withTheRightCaAndHostEveryConnectionIsTls() throws Exception {
        ServiceProcess promise = promiseService("trusted", "localhost", server.caCertificate()).awaitReady(READY);
        given().baseUri(promise.url()).contentType(ContentType.JSON)
                .body(Map.of("name", "Next-day delivery", "customerProblem", "I need it tomorrow",
                        "promise", "Delivered by tomorrow", "target", "PT24H", "calendar", "24x7", "objective", 0.9))
                .put("/guarantees/tls-delivery").then().statusCode(201);
        given().baseUri(promise.url()).contentType(ContentType.JSON)
                .body(Map.of("promiseId", "tls-1", "guaranteeId", "tls-delivery", "customerId", "ann"))
                .post("/promises").then().statusCode(201);
        given().baseUri(promise.url()).get("/promises/tls-1").then().statusCode(200);

        try (Connection admin = postgres.adminConnection(); Statement s = admin.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FILTER (WHERE ssl.ssl), count(*) FILTER (WHERE NOT ssl.ssl)"
                        + " FROM pg_stat_activity a JOIN pg_stat_ssl ssl USING (pid) WHERE a.usename = 'promise'")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(1)).as("the service's connections over TLS").isPositive();
            assertThat(rs.getInt(2)).as("the service's connections in the clear").isZero();
        }
    }

    @Test
    void aCaThatDidNotSignTheServersCertificateIsRefused() {
        Path stranger = TestCertificates.authority(work.resolve("stranger-ca"), "Someone else's CA").caCertificate();
        ServiceProcess promise = promiseService("untrusted-ca", "localhost", stranger);
        awaitRefused(promise, "PKIX path");
    }

    @Test
    void aHostTheCertificateDoesNotNameIsRefused() {
        ServiceProcess promise = promiseService("wrong-host", "127.0.0.1", server.caCertificate());
        awaitRefused(promise, "Server name validation failed: certificate for host 127.0.0.1");
    }

    /** The service never gets ready, and its log says TLS refused the server. */
    private static void awaitRefused(ServiceProcess promise, String why) {
        Awaitility.await().atMost(READY).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                assertThat(Files.readString(promise.log())).contains(why));
        assertThat(promise.ready()).as("ready without a trusted database").isFalse();
        try (Connection admin = postgres.adminConnection(); Statement s = admin.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE usename = 'promise'"
                        + " AND backend_start > now() - interval '1 minute' AND pid NOT IN (SELECT pid FROM pg_stat_ssl WHERE ssl)")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(1)).as("connections in the clear").isZero();
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        promise.stop();
        assertThatThrownBy(() -> given().baseUri(promise.url()).get("/q/health/ready")).isInstanceOf(Exception.class);
    }
}
