package io.kept.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import io.kept.events.Roles;
import io.kept.testkit.EmbeddedPostgresServer;
import io.kept.testkit.SecureKafkaCluster;
import io.kept.testkit.ServiceProcess;
import io.kept.testkit.TestCertificates;
import io.kept.testkit.Tokens;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Production, rehearsed on one machine (issue 34). Everything the services meet is what the rendered prod overlay
 * ({@code deploy/kubernetes/overlays/prod}) declares, read from it, never written a second time:
 * <ul>
 * <li>Kafka: three KRaft nodes ({@link SecureKafkaCluster}) with the Kafka resource's broker config and metadata
 * version, the client listener TLS + SCRAM-SHA-512, StandardAuthorizer with no ACL meaning no; the KafkaUsers'
 * credentials and ACLs and the KafkaTopics (partitions, replicas 3, min.insync.replicas 2) created as Strimzi's
 * operators would;</li>
 * <li>PostgreSQL: TLS with a certificate for {@code kept-db-rw} (and {@code localhost}, the host used here), the
 * Cluster's pg_hba (plaintext rejected) and parameters, its managed roles (kept_bi too) and the Database
 * resources;</li>
 * <li>an OpenID Connect provider (navikt's mock-oauth2-server: discovery, JWKS, RS256 tokens) in Keycloak's
 * place;</li>
 * <li>each service's packaged jar, two replicas, profile prod, with exactly its Deployment's environment (ConfigMaps,
 * env, Secrets filled as the operators fill them), only host names, ports and mounted paths mapped to this
 * machine.</li>
 * </ul>
 * The services run with {@code -XX:TieredStopAtLevel=1} on top of the ConfigMap's JAVA_OPTS_APPEND: eight JVMs start
 * on two cores.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ProductionRehearsalIT {

    private static final List<String> SERVICES = List.of("promise-service", "recovery-service", "followup-service",
            "analytics-service");
    private static final int REPLICAS = 2;
    private static final String REALM = "kept";
    private static final String TODAY = LocalDate.now(ZoneOffset.UTC).toString();
    private static final String RANGE = "from=" + LocalDate.now(ZoneOffset.UTC).minusDays(2) + "&to=" + TODAY;
    private static final SecureRandom RANDOM = new SecureRandom();
    /** The load's client: HTTP/1.1 as a plain client; a connection it cannot open within 10 s is not a write. */
    private static final HttpClient LOAD = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    private static Path root;
    private static Path work;
    private static ProdOverlay overlay;
    private static SecureKafkaCluster kafka;
    private static EmbeddedPostgresServer postgres;
    private static TestCertificates.ServerCertificate dbCertificate;
    private static MockOAuth2Server oidc;
    private static final Map<String, Map<String, String>> secrets = new LinkedHashMap<>();
    private static final Map<String, List<ServiceProcess>> replicas = new LinkedHashMap<>();
    private static final Map<String, Map<String, String>> environments = new LinkedHashMap<>();
    private static final Map<String, Duration> startedIn = new ConcurrentHashMap<>();
    private static final Map<String, List<String>> jvmOptions = new LinkedHashMap<>();
    private static long launched;

    @BeforeAll
    static void rehearse() throws Exception {
        root = Path.of(System.getProperty("kept.root", "..")).toAbsolutePath().normalize();
        Files.createDirectories(root.resolve("e2e/target"));
        work = Files.createTempDirectory(root.resolve("e2e/target"), "rehearsal-");
        overlay = ProdOverlay.render(root);

        startKafka();
        startPostgres();
        startOidc();

        for (String service : SERVICES) {
            Map<String, String> env = new LinkedHashMap<>(overlay.environment(service, secrets, work.resolve("mounts")));
            env.replaceAll((k, v) -> mapHosts(v));
            env.put("QUARKUS_PROFILE", "prod");
            environments.put(service, env);
            List<String> jvm = new ArrayList<>(Arrays.asList(env.getOrDefault("JAVA_OPTS_APPEND", "").trim().split("\\s+")));
            jvm.removeIf(String::isBlank);
            jvm.add("-XX:TieredStopAtLevel=1");
            jvmOptions.put(service, jvm);
            List<ServiceProcess> processes = new java.util.concurrent.CopyOnWriteArrayList<>();
            for (int i = 0; i < REPLICAS; i++) {
                processes.add(ServiceProcess.of(root, service, env, work.resolve("logs/" + service + "-" + i)).jvmOptions(jvm));
            }
            replicas.put(service, processes);
        }
        // As a rollout of all four Deployments: every pod at once.
        launched = System.nanoTime();
        all().forEach(ServiceProcess::start);
        // The startup probe: /q/health/started within periodSeconds × failureThreshold; then the readinessProbe, so
        // that no test meets an unready replica (everyReplicaIsReadyWithinTheStartupProbesBudget says how long).
        all().parallel().forEach(p -> {
            String service = serviceOf(p);
            Duration budget = Duration.ofSeconds(overlay.startupBudgetSeconds(service));
            awaitHealth(p, "started", budget.minusNanos(System.nanoTime() - launched));
            awaitHealth(p, "ready", budget.minusNanos(System.nanoTime() - launched));
            startedIn.put(p.log().getParent().getFileName().toString(), Duration.ofNanos(System.nanoTime() - launched));
        });
    }

    @AfterAll
    static void tearDown() {
        all().parallel().forEach(ServiceProcess::stop);
        if (oidc != null) {
            oidc.shutdown();
        }
        if (postgres != null) {
            postgres.close();
        }
        if (kafka != null) {
            kafka.close();
            // The partitions go; the logs, certificates and mounted files stay for a look afterwards.
            try (Stream<Path> files = Files.walk(work.resolve("kafka"))) {
                files.sorted(java.util.Comparator.reverseOrder()).filter(f -> f.toString().contains("/node-"))
                        .forEach(f -> f.toFile().delete());
            } catch (IOException e) {
                // Left behind under target/: harmless.
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // The platform, from the overlay.

    private static void startKafka() {
        Map<String, Object> listener = overlay.kafkaListener();
        assertThat(listener.get("tls")).as("prod's client listener is TLS").isEqualTo(true);
        assertThat(ProdOverlay.at(listener, "authentication", "type")).isEqualTo("scram-sha-512");
        assertThat(overlay.kafkaAuthorization()).isEqualTo("simple");
        kafka = SecureKafkaCluster.start(work.resolve("kafka"), 3, overlay.kafkaConfig(), overlay.kafkaMetadataVersion(),
                List.of("kept-kafka-bootstrap"));
        Map<String, String> passwords = new LinkedHashMap<>();
        List<org.apache.kafka.common.acl.AclBinding> acls = new ArrayList<>();
        for (ProdOverlay.KafkaUser user : overlay.kafkaUsers()) {
            String password = password();
            passwords.put(user.name(), password);
            acls.addAll(user.acls());
            // The Secret Strimzi's user operator writes for a SCRAM user.
            secrets.put(user.name(), Map.of("password", password,
                    "sasl.jaas.config", SecureKafkaCluster.jaasConfig(user.name(), password)));
        }
        kafka.upsertUsers(passwords);
        kafka.createAcls(acls);
        kafka.createTopics(overlay.topics());
        secrets.put("kept-cluster-ca-cert", Map.of("ca.crt", read(kafka.caCertificate())));
    }

    private static void startPostgres() throws Exception {
        TestCertificates ca = TestCertificates.authority(work.resolve("db-ca"), "Kept test CloudNativePG CA");
        // kept-db-rw is the name prod connects to; localhost is the one this machine resolves, verify-full checks it.
        dbCertificate = ca.server("kept-db", List.of("kept-db-rw", "localhost"));
        Map<String, String> settings = new LinkedHashMap<>(overlay.dbParameters());
        settings.put("ssl", "on");
        settings.put("ssl_cert_file", dbCertificate.certificate().toString());
        settings.put("ssl_key_file", dbCertificate.privateKey().toString());
        settings.put("password_encryption", "scram-sha-256");
        postgres = EmbeddedPostgresServer.start(0, work.resolve("pgdata"), false, settings);
        String superPassword = password();
        try (Connection c = postgres.adminConnection(); Statement s = c.createStatement()) {
            for (ProdOverlay.DbRole role : overlay.dbRoles()) {
                String password = password();
                secrets.put(role.passwordSecret(), Map.of("username", role.name(), "password", password));
                s.execute("CREATE ROLE " + role.name() + (role.login() ? " LOGIN" : " NOLOGIN")
                        + " CONNECTION LIMIT " + role.connectionLimit() + " PASSWORD '" + password + "'");
            }
            for (ProdOverlay.Db db : overlay.databases()) {
                s.execute("CREATE DATABASE " + db.name() + " OWNER " + db.owner());
            }
            s.execute("ALTER ROLE postgres PASSWORD '" + superPassword + "'");
            // CloudNativePG's pg_hba: the Cluster's own lines first, then its defaults (password over TLS, SCRAM).
            List<String> hba = new ArrayList<>(overlay.dbHba());
            hba.add("hostssl all all all scram-sha-256");
            hba.add("host all all all scram-sha-256");
            try (ResultSet rs = s.executeQuery("SHOW hba_file")) {
                rs.next();
                Files.writeString(Path.of(rs.getString(1)), String.join("\n", hba) + "\n");
            }
            s.execute("SELECT pg_reload_conf()");
        }
        secrets.put("kept-db-ca", Map.of("ca.crt", read(dbCertificate.caCertificate())));
        secrets.put("postgres", Map.of("password", superPassword));
    }

    private static void startOidc() throws Exception {
        oidc = new MockOAuth2Server();
        oidc.start(java.net.InetAddress.getByName("127.0.0.1"), 0);
        // Discovery says where the keys are, as Keycloak's does.
        JsonPath discovery = JsonPath.from(RestAssured.get(oidc.wellKnownUrl(REALM).toString()).then().statusCode(200)
                .extract().asString());
        assertThat(discovery.getString("issuer")).isEqualTo(issuer());
        assertThat(discovery.getString("jwks_uri")).isEqualTo(oidc.jwksUrl(REALM).toString());
        RestAssured.get(discovery.getString("jwks_uri")).then().statusCode(200).body("keys[0].kty", equalTo("RSA"));
    }

    private static String issuer() {
        return oidc.issuerUrl(REALM).toString();
    }

    /** Only the names of hosts change: the cluster's services become this machine's ports. */
    private static String mapHosts(String value) {
        return value
                .replace("kept-db-rw:5432", "localhost:" + postgres.port())
                .replace("kept-kafka-bootstrap:9092", kafka.bootstrapServers())
                .replace("https://idp.example.com/realms/kept/protocol/openid-connect/certs", oidc.jwksUrl(REALM).toString())
                .replace("https://idp.example.com/realms/kept", issuer());
    }

    // ---------------------------------------------------------------------------------------------------------

    @Test
    @Order(1)
    void theEnvironmentIsTheOverlaysWithOnlyHostsAndPathsMapped() {
        environments.forEach((service, env) -> {
            assertThat(env).as(service).containsKeys("KEPT_DB_URL", "KEPT_DB_USER", "KEPT_DB_PASSWORD", "KEPT_DB_SSL_MODE",
                    "KEPT_DB_SSL_ROOT_CERT", "KEPT_KAFKA_BOOTSTRAP", "KAFKA_SECURITY_PROTOCOL", "KAFKA_SASL_MECHANISM",
                    "KAFKA_SASL_JAAS_CONFIG", "KAFKA_SSL_TRUSTSTORE_LOCATION", "KEPT_JWT_PUBLIC_KEY_LOCATION",
                    "KEPT_JWT_ISSUER", "KEPT_JWT_AUDIENCE");
            assertThat(env.get("KEPT_DB_SSL_MODE")).isEqualTo("verify-full");
            assertThat(env.get("KAFKA_SECURITY_PROTOCOL")).isEqualTo("SASL_SSL");
            assertThat(env.get("KAFKA_SASL_JAAS_CONFIG")).contains("username=\"" + service + "\"");
            env.forEach((k, v) -> assertThat(v).as(service + " " + k + " still names the cluster")
                    .doesNotContain("kept-db-rw", "kept-kafka-bootstrap", "idp.example.com", "/etc/kept/"));
        });
        assertThat(startedIn).as("replicas started (startup probe)").hasSize(SERVICES.size() * REPLICAS);
    }

    @Test
    @Order(2)
    void everyReplicaIsReadyWithinTheStartupProbesBudget() {
        // Fails on the code this branch started from (kafka DOWN: the readiness check's admin client speaks plaintext
        // to the TLS listener); main moves Kafka to /q/health/well and connects it as the service's KafkaUser. Both
        // must be UP: ready (the readinessProbe) and well (Kafka reached as the service's own user, when main has it).
        Map<String, String> notUp = new LinkedHashMap<>();
        for (ServiceProcess p : all().toList()) {
            long deadline = launched + TimeUnit.SECONDS.toNanos(overlay.startupBudgetSeconds(serviceOf(p)));
            for (String probe : List.of("ready", "well")) {
                String body;
                int status;
                do {
                    HttpResponse<String> response = get(p.url() + "/q/health/" + probe);
                    status = response == null ? 0 : response.statusCode();
                    body = response == null ? "(no answer)" : response.body();
                    if (status == 200) {
                        break;
                    }
                    sleep(500);
                } while (System.nanoTime() < deadline);
                if (status != 200) {
                    notUp.put(p.log().getParent().getFileName() + " " + probe, status + " " + downChecks(body));
                }
            }
        }
        assertThat(notUp).as("replicas not ready or not well (startup probe passed after %s)", startedIn).isEmpty();
    }

    @Test
    @Order(3)
    void theWholeJourneyPassesWithTheProvidersTokens() throws Exception {
        String admin = token("ops-admin", List.of(Roles.ADMIN));
        String ingest = token("shop", List.of(Roles.INGEST));
        String agent = token("agent-7", List.of(Roles.AGENT));
        String reader = token("bi-reader", List.of(Roles.READER));

        as(admin, "promise-service", 0).contentType(ContentType.JSON)
                .body(Map.of("name", "Next-day delivery", "customerProblem", "I need it tomorrow",
                        "promise", "Delivered by tomorrow", "target", "PT24H", "calendar", "24x7", "objective", 0.9))
                .put("/guarantees/delivery").then().statusCode(201);
        as(ingest, "promise-service", 1).contentType(ContentType.JSON)
                .body(Map.of("promiseId", "p-ann", "guaranteeId", "delivery", "customerId", "ann", "team", "logistics",
                        "channel", "web"))
                .post("/promises").then().statusCode(201);
        as(ingest, "promise-service", 0).contentType(ContentType.JSON).body(Map.of())
                .post("/promises/p-ann/kept").then().statusCode(200);
        as(ingest, "promise-service", 0).contentType(ContentType.JSON)
                .body(Map.of("promiseId", "p-cat", "guaranteeId", "delivery", "customerId", "cat", "team", "logistics",
                        "channel", "web"))
                .post("/promises").then().statusCode(201);
        as(ingest, "promise-service", 1).contentType(ContentType.JSON)
                .body(Map.of("category", "breakdown", "severity", "major", "avoidable", false, "description", "van broke down"))
                .post("/promises/p-cat/broken").then().statusCode(200);

        // recovery-service opened a recovery from kept.promise-events, read as its KafkaUser.
        String recoveryId = Awaitility.await().atMost(Duration.ofSeconds(90)).until(() -> {
            JsonPath page = JsonPath.from(as(reader, "recovery-service", 1).get("/recoveries?customerId=cat")
                    .then().statusCode(200).extract().asString());
            List<String> ids = page.getList("items.recoveryId");
            return ids.size() == 1 ? ids.get(0) : null;
        }, id -> id != null);
        as(agent, "recovery-service", 0).contentType(ContentType.JSON).body(Map.of("apology", "We are sorry"))
                .post("/recoveries/" + recoveryId + "/acknowledged").then().statusCode(200);
        as(agent, "recovery-service", 1).contentType(ContentType.JSON)
                .body(Map.of("customerProblem", "needs it for a party", "rootCause", "van maintenance"))
                .post("/recoveries/" + recoveryId + "/diagnosed").then().statusCode(200);
        as(agent, "recovery-service", 0).contentType(ContentType.JSON)
                .body(Map.of("resolution", "courier delivered at night",
                        "compensation", Map.of("kind", "credit", "amount", 20, "currency", "EUR")))
                .post("/recoveries/" + recoveryId + "/resolved").then().statusCode(200);

        // followup-service scheduled a satisfaction check from kept.recovery-events.
        Awaitility.await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> as(reader, "followup-service", 0)
                .get("/followups?customerId=cat").then().statusCode(200).body("items.kind", hasItems("satisfaction-check")));
        String check = JsonPath.from(as(reader, "followup-service", 1).get("/followups?customerId=cat").asString())
                .getString("items.find { it.kind == 'satisfaction-check' }.followUpId");
        as(agent, "followup-service", 1).contentType(ContentType.JSON)
                .body(Map.of("satisfied", true, "score", 5, "retained", true, "comment", "great save"))
                .post("/followups/" + check + "/completed").then().statusCode(200);
        as(ingest, "followup-service", 0).contentType(ContentType.JSON).body(Map.of("reference", "order-2"))
                .post("/customers/cat/returned").then().statusCode(201);

        // analytics-service read all three topics; either replica answers the same.
        for (int replica = 0; replica < REPLICAS; replica++) {
            int r = replica;
            Awaitility.await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
                as(reader, "analytics-service", r).get("/analytics/compliance?guaranteeId=delivery&" + RANGE).then()
                        .statusCode(200)
                        .body("made.sum()", equalTo(2)).body("kept.sum()", equalTo(1)).body("broken.sum()", equalTo(1));
                as(reader, "analytics-service", r).get("/analytics/paradox").then().statusCode(200)
                        .body("find { it.cohort == 'recovered' }.customers", equalTo(1))
                        .body("find { it.cohort == 'recovered' }.avg_score", equalTo(5))
                        .body("find { it.cohort == 'never_failed' }.customers", equalTo(1));
                as(reader, "analytics-service", r).get("/analytics/customers/cat/timeline").then().statusCode(200)
                        .body("type", hasItems("io.kept.promise.made", "io.kept.promise.broken", "io.kept.recovery.opened",
                                "io.kept.recovery.resolved", "io.kept.followup.scheduled", "io.kept.followup.completed",
                                "io.kept.customer.returned"));
            });
        }
        as(reader, "analytics-service", 0).get("/analytics/recoveries?" + RANGE).then().statusCode(200)
                .body("findAll { it.severity == 'major' }.compensation_total.sum()", equalTo(20));

        // A BI tool logs in as kept_bi, over TLS checked against the CA and the host, and reads the views only.
        try (Connection bi = DriverManager.getConnection(jdbc("analytics", "verify-full"), "kept_bi",
                secrets.get("kept-db-kept-bi").get("password")); Statement s = bi.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")) {
                assertThat(rs.next() && rs.getBoolean(1)).as("kept_bi's connection is TLS").isTrue();
            }
            try (ResultSet rs = s.executeQuery("SELECT customers FROM analytics.recovery_paradox WHERE cohort = 'recovered'")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).isEqualTo(1);
            }
            assertThatThrownBy(() -> s.executeQuery("SELECT count(*) FROM analytics.promises"))
                    .as("kept_bi reads the tables").hasMessageContaining("permission denied");
        }
    }

    @Test
    @Order(4)
    void whatProdRefusesIsRefused() throws Exception {
        // A service's own Kafka identity may not write another service's topic.
        Map<String, Object> followup = new LinkedHashMap<>(kafka.clientConfig("followup-service",
                secrets.get("followup-service").get("password")));
        followup.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 15_000);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(followup, new StringSerializer(), new StringSerializer())) {
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>("kept.promise-events", "forged", "{}")).get(30, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(TopicAuthorizationException.class);
            // The dead-letter topic of what it consumes it may write (the ACLs are not simply all closed).
            producer.send(new ProducerRecord<>("kept.recovery-events.dlq", "probe", "{}")).get(30, TimeUnit.SECONDS);
        }

        // The database refuses a connection that does not encrypt, before any password.
        assertThatThrownBy(() -> DriverManager.getConnection(jdbc("promise", "disable"), "promise",
                secrets.get("kept-db-promise").get("password")).close())
                .isInstanceOf(SQLException.class).hasMessageContaining("no encryption");

        // Tokens: the provider's for Kept pass; another issuer's, another audience's, the dev key's are 401.
        String good = token("reader", List.of(Roles.READER));
        for (ServiceProcess p : all().toList()) {
            String read = readPath(serviceOf(p));
            RestAssured.given().baseUri(p.url()).auth().oauth2(good).get(read).then().statusCode(200);
            RestAssured.given().baseUri(p.url()).auth().oauth2(tokenFrom("another-realm", "kept", List.of(Roles.ADMIN)))
                    .get(read).then().statusCode(401);
            RestAssured.given().baseUri(p.url()).auth().oauth2(tokenFrom(REALM, "another-app", List.of(Roles.ADMIN)))
                    .get(read).then().statusCode(401);
            RestAssured.given().baseUri(p.url()).auth().oauth2(Tokens.test()).get(read).then().statusCode(401);
            RestAssured.given().baseUri(p.url()).get(read).then().statusCode(401);
        }
    }

    @Test
    @Order(5)
    void aPoisonRecordIsDeadLetteredListedAndReplayedUnderProdAcls() throws Exception {
        // recovery-service's own identity may write its own topic; a record that is no event is poison downstream.
        Map<String, Object> recovery = new LinkedHashMap<>(kafka.clientConfig("recovery-service",
                secrets.get("recovery-service").get("password")));
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(recovery, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>("kept.recovery-events", "poison-1", "this is not an event")).get(30, TimeUnit.SECONDS);
        }
        String admin = token("ops-admin", List.of(Roles.ADMIN));
        // Its consumers dead-letter it (Write on the DLQ), list it (Read on the DLQ, their -dead-letters group)...
        for (String service : List.of("followup-service", "analytics-service")) {
            Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> as(admin, service, 0)
                    .get("/admin/dead-letters").then().statusCode(200)
                    .body("deadLetters.findAll { it.originalTopic == 'kept.recovery-events' && it.key == 'poison-1' }.size()",
                            equalTo(1)));
            // ...and a replay hands it back to the consumer, which dead-letters it again: nothing refused.
            as(admin, service, 1).post("/admin/dead-letters/replay").then().statusCode(200)
                    .body("stoppedBy", org.hamcrest.Matchers.nullValue())
                    .body("deadLetteredAgain.size()", equalTo(1));
        }
        // Who consumes no poison lists its dead letters all the same (nothing).
        for (String service : List.of("promise-service", "recovery-service")) {
            as(admin, service, 0).get("/admin/dead-letters").then().statusCode(200).body("deadLetters.size()", equalTo(0));
        }
    }

    @Test
    @Order(6)
    void underSteadyLoadABrokerGoesAndComesBackAndEveryAcceptedWriteIsCountedOnce() throws Exception {
        String admin = token("ops-admin", List.of(Roles.ADMIN));
        String ingest = token("shop", List.of(Roles.INGEST));
        as(admin, "promise-service", 0).contentType(ContentType.JSON)
                .body(Map.of("name", "Call back", "customerProblem", "I want an answer", "promise", "We call back",
                        "target", "PT24H", "calendar", "24x7", "objective", 0.95))
                .put("/guarantees/callback").then().statusCode(201);

        Load load = Load.start("callback", ingest, Load.EVERY_REPLICA);
        // How many connections the services hold at most (the Cluster's max_connections bounds them all).
        AtomicInteger peakConnections = new AtomicInteger();
        load.every(Duration.ofSeconds(1), () -> {
            try (Connection c = DriverManager.getConnection(jdbc("postgres", "verify-full"), "postgres",
                    secrets.get("postgres").get("password")); Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend'"
                            + " AND usename <> 'postgres'")) {
                rs.next();
                peakConnections.accumulateAndGet(rs.getInt(1), Math::max);
            } catch (SQLException e) {
                // A sample missed is no finding.
            }
        });
        int node = 2;
        int brokersDuringOutage;
        try {
            sleep(15_000);
            kafka.stop(node);
            try (var kafkaAdmin = kafka.superUserAdmin()) {
                brokersDuringOutage = kafkaAdmin.describeCluster().nodes().get(30, TimeUnit.SECONDS).size();
            }
            sleep(20_000);
            kafka.start(node);
            sleep(15_000);
        } finally {
            load.stop();
            kafka.start(node);
        }
        assertThat(brokersDuringOutage).as("brokers while node %d was away", node).isEqualTo(kafka.nodes() - 1);
        String summary = load.summary() + ", peak database connections of the services " + peakConnections.get()
                + " (max_connections " + overlay.dbParameters().get("max_connections") + ")";
        System.out.println("Rehearsal load, a broker away: " + summary);
        assertThat(load.wrong).as("writes answered neither 2xx nor 503 with Retry-After (%s)", summary).isEmpty();
        assertThat(load.accepted.size()).as(summary).isGreaterThan(load.sent.get() * 9 / 10);
        countedOnce("callback", load.accepted);
    }

    /** Every write accepted under {@code guarantee} is in analytics, on every replica, exactly once. */
    private static void countedOnce(String guarantee, Set<String> accepted) throws Exception {
        String reader = token("bi-reader", List.of(Roles.READER));
        for (int replica = 0; replica < REPLICAS; replica++) {
            int r = replica;
            Awaitility.await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() ->
                    as(reader, "analytics-service", r).get("/analytics/compliance?guaranteeId=" + guarantee + "&" + RANGE).then()
                            .statusCode(200).body("made.sum()", equalTo(accepted.size())));
        }
        // Nothing more arrives later: counted once, not at least once.
        sleep(5_000);
        as(reader, "analytics-service", 0).get("/analytics/compliance?guaranteeId=" + guarantee + "&" + RANGE).then()
                .body("made.sum()", equalTo(accepted.size()));
        try (Connection c = DriverManager.getConnection(jdbc("analytics", "verify-full"), "analytics",
                secrets.get("kept-db-analytics").get("password")); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*), count(DISTINCT promise_id) FROM analytics.promises"
                        + " WHERE guarantee_id = '" + guarantee + "'")) {
            rs.next();
            assertThat(rs.getInt(1)).as("promises in analytics").isEqualTo(accepted.size());
            assertThat(rs.getInt(2)).as("distinct promises in analytics").isEqualTo(accepted.size());
        }
    }

    /**
     * A rollout as Kubernetes runs one (maxSurge 1, maxUnavailable 0): each Deployment a replica at a time; a new
     * replica started and Ready, then the old one sent SIGTERM and given terminationGracePeriodSeconds.
     * The load goes only to Ready replicas, as a Service's endpoints do (refreshed every 250 ms). Every write is
     * answered 2xx or 503 with Retry-After, every replica stops within its grace period, and analytics counts every
     * accepted write exactly once.
     */
    @Test
    @Order(7)
    void underSteadyLoadEveryServiceRollsOneReplicaAtATimeAndNoWriteFails() throws Exception {
        String ingest = token("shop", List.of(Roles.INGEST));
        guarantee("rollout");
        // Half the other tests' rate, and one Deployment after another: a JVM starting takes a whole core of this
        // two-core machine for 20 s, and four at once starved every process here (requests timed out on replicas
        // that were Ready), which says nothing of a cluster whose nodes each have their own cores.
        Load load = Load.start("rollout", ingest, Load.READY_REPLICAS, 100);
        Map<String, Boolean> stoppedInGrace = new ConcurrentHashMap<>();
        try {
            sleep(3_000);
            for (String service : SERVICES) {
                roll(service, stoppedInGrace);
            }
            sleep(3_000);
        } finally {
            load.stop();
        }
        String summary = load.summary();
        System.out.println("Rehearsal load, every Deployment rolled: " + summary + ", stopped within grace " + stoppedInGrace);
        assertThat(stoppedInGrace).as("replicas replaced").hasSize(SERVICES.size() * REPLICAS);
        assertThat(stoppedInGrace).as("each old replica ended by itself within terminationGracePeriodSeconds")
                .allSatisfy((replica, inGrace) -> assertThat(inGrace).as(replica).isTrue());
        assertThat(load.wrong).as("writes answered neither 2xx nor 503 with Retry-After (%s)", summary).isEmpty();
        assertThat(load.accepted.size()).as(summary).isGreaterThan(load.sent.get() * 9 / 10);
        countedOnce("rollout", load.accepted);
    }

    /** Replaces each replica of {@code service} in turn: the new one Ready first, then the old one stopped. */
    private static void roll(String service, Map<String, Boolean> stoppedInGrace) {
        List<ServiceProcess> processes = replicas.get(service);
        Duration grace = Duration.ofSeconds(overlay.terminationGraceSeconds(service));
        for (int i = 0; i < REPLICAS; i++) {
            ServiceProcess old = processes.get(i);
            ServiceProcess surge = ServiceProcess.of(root, service, environments.get(service),
                    work.resolve("logs/" + service + "-" + i + "-rolled")).jvmOptions(jvmOptions.get(service)).start();
            awaitHealth(surge, "ready", Duration.ofSeconds(overlay.startupBudgetSeconds(service)));
            processes.set(i, surge);
            stoppedInGrace.put(service + "-" + i, old.stop(grace));
        }
    }

    /**
     * The database away under load, as production has it: every service's database refusing connections itself
     * (ALLOW_CONNECTIONS false, FATAL 55000) with its backends terminated (57P01, as a failover or an administrator
     * does), for 15 s. Writes meanwhile answer 503 with Retry-After, replicas are not Ready while they cannot take a
     * request and Ready again after, nothing is dead-lettered, and every accepted write is counted exactly once.
     */
    @Test
    @Order(8)
    void underSteadyLoadTheDatabaseRefusesConnectionsAndEveryAcceptedWriteIsCountedOnce() throws Exception {
        String ingest = token("shop", List.of(Roles.INGEST));
        String admin = token("ops-admin", List.of(Roles.ADMIN));
        guarantee("outage");
        Map<String, Integer> lettersBefore = deadLetters(admin);
        Load load = Load.start("outage", ingest, Load.EVERY_REPLICA);
        Set<String> notReadyDuring = ConcurrentHashMap.newKeySet();
        try {
            sleep(10_000);
            onEveryServiceDatabase("ALTER DATABASE %s ALLOW_CONNECTIONS false");
            onEveryServiceDatabase("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '%s'");
            long back = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            while (System.nanoTime() < back) {
                all().forEach(p -> {
                    HttpResponse<String> ready = get(p.url() + "/q/health/ready");
                    if (ready == null || ready.statusCode() != 200) {
                        notReadyDuring.add(p.log().getParent().getFileName().toString());
                    }
                });
                sleep(1_000);
            }
        } finally {
            onEveryServiceDatabase("ALTER DATABASE %s ALLOW_CONNECTIONS true");
        }
        try {
            sleep(15_000);
        } finally {
            load.stop();
        }
        String summary = load.summary();
        System.out.println("Rehearsal load, the database away: " + summary + ", not ready during it " + notReadyDuring);
        assertThat(load.wrong).as("writes answered neither 2xx nor 503 with Retry-After (%s)", summary).isEmpty();
        assertThat(load.outcomes).as("writes while the database was away: %s", summary).containsKey("503 Retry-After");
        assertThat(notReadyDuring).as("replicas not Ready while their database was away")
                .hasSize(SERVICES.size() * REPLICAS);
        all().parallel().forEach(p -> awaitHealth(p, "ready", Duration.ofSeconds(60)));
        countedOnce("outage", load.accepted);
        assertThat(deadLetters(admin)).as("dead letters of each service, before and after the outage")
                .isEqualTo(lettersBefore);
    }

    /** Runs {@code sql} (%s the database's name) for each service's database, as the superuser. */
    private static void onEveryServiceDatabase(String sql) {
        try (Connection c = DriverManager.getConnection(jdbc("postgres", "verify-full"), "postgres",
                secrets.get("postgres").get("password")); Statement s = c.createStatement()) {
            for (ProdOverlay.Db db : overlay.databases()) {
                String statement = String.format(sql, db.name());
                if (statement.startsWith("SELECT")) {
                    try (ResultSet ignored = s.executeQuery(statement)) {
                        // terminated
                    }
                } else {
                    s.execute(statement);
                }
            }
        } catch (SQLException e) {
            throw new AssertionError("on every service's database: " + sql, e);
        }
    }

    /** How many dead letters each service lists. */
    private static Map<String, Integer> deadLetters(String admin) {
        Map<String, Integer> letters = new LinkedHashMap<>();
        for (String service : SERVICES) {
            letters.put(service, as(admin, service, 0).get("/admin/dead-letters").then().statusCode(200)
                    .extract().jsonPath().getList("deadLetters").size());
        }
        return letters;
    }

    /** A 24x7 guarantee of its own, so that a test counts only its own writes. */
    private static void guarantee(String id) {
        as(token("ops-admin", List.of(Roles.ADMIN)), "promise-service", 0).contentType(ContentType.JSON)
                .body(Map.of("name", id, "customerProblem", "I want an answer", "promise", "We answer",
                        "target", "PT24H", "calendar", "24x7", "objective", 0.95))
                .put("/guarantees/" + id).then().statusCode(201);
    }

    /**
     * An open-loop load of {@code POST /promises}: a request every 1/rate s whatever the answers (rate
     * {@code -Dkept.rehearsal.load}, 200/s), to promise-service's replicas as {@code route} picks them. Counts each
     * outcome; a write accepted is one answered 2xx, a wrong one anything but 2xx or 503 with Retry-After.
     */
    static final class Load {

        /** Every replica in turn, Ready or not: what each replica itself answers. */
        static final boolean EVERY_REPLICA = false;
        /** Only replicas whose readiness answered 200 when last asked, as a Service's endpoints. */
        static final boolean READY_REPLICAS = true;

        final Set<String> accepted = ConcurrentHashMap.newKeySet();
        final Map<String, AtomicInteger> outcomes = new ConcurrentHashMap<>();
        final List<String> wrong = java.util.Collections.synchronizedList(new ArrayList<>());
        final AtomicInteger sent = new AtomicInteger();
        private final AtomicInteger inFlight = new AtomicInteger();
        private final ScheduledExecutorService timer = Executors.newScheduledThreadPool(2);
        private final java.util.concurrent.atomic.AtomicLong slowestMillis = new java.util.concurrent.atomic.AtomicLong();
        private final int perSecond;
        private volatile List<ServiceProcess> endpoints = replicas.get("promise-service");

        private Load(int perSecond) {
            this.perSecond = perSecond;
        }

        static Load start(String guarantee, String token, boolean readyOnly) {
            return start(guarantee, token, readyOnly, Integer.getInteger("kept.rehearsal.load", 200));
        }

        static Load start(String guarantee, String token, boolean readyOnly, int perSecond) {
            Load load = new Load(perSecond);
            if (readyOnly) {
                load.every(Duration.ofMillis(250), () -> load.endpoints = replicas.get("promise-service").stream()
                        .filter(ServiceProcess::ready).toList());
            }
            load.timer.scheduleAtFixedRate(() -> load.send(guarantee, token), 0, 1_000_000 / load.perSecond,
                    TimeUnit.MICROSECONDS);
            return load;
        }

        void every(Duration period, Runnable task) {
            timer.scheduleAtFixedRate(task, 0, period.toMillis(), TimeUnit.MILLISECONDS);
        }

        private void send(String guarantee, String token) {
            int n = sent.getAndIncrement();
            String id = guarantee + "-" + n;
            List<ServiceProcess> targets = endpoints;
            if (targets.isEmpty()) {
                outcomes.computeIfAbsent("no Ready endpoint", k -> new AtomicInteger()).incrementAndGet();
                return;
            }
            ServiceProcess target = targets.get(n % targets.size());
            inFlight.incrementAndGet();
            long sentAt = System.nanoTime();
            // 60 s: how long ingress-nginx waits for an answer by default (proxy-read-timeout).
            LOAD.sendAsync(HttpRequest.newBuilder(URI.create(target.url() + "/promises")).timeout(Duration.ofSeconds(60))
                            .header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
                            .POST(HttpRequest.BodyPublishers.ofString("{\"promiseId\":\"" + id + "\",\"guaranteeId\":\""
                                    + guarantee + "\",\"customerId\":\"c-" + n + "\"}")).build(),
                    HttpResponse.BodyHandlers.ofString()).whenComplete((response, failure) -> {
                        inFlight.decrementAndGet();
                        slowestMillis.accumulateAndGet(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sentAt), Math::max);
                        String outcome;
                        if (failure != null && failure.getCause() instanceof java.net.http.HttpConnectTimeoutException) {
                            // Never reached a service (this machine saturated): nothing was asked, nothing accepted.
                            outcome = "connect timed out";
                        } else if (failure != null) {
                            outcome = "failed " + failure.getClass().getSimpleName();
                            wrong.add(id + " to " + target.url() + " after "
                                    + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sentAt) + " ms: " + failure);
                        } else if (response.statusCode() / 100 == 2) {
                            outcome = "2xx";
                            accepted.add(id);
                        } else if (response.statusCode() == 503 && response.headers().firstValue("Retry-After").isPresent()) {
                            outcome = "503 Retry-After";
                        } else {
                            outcome = String.valueOf(response.statusCode());
                            wrong.add(id + " " + response.statusCode() + " " + response.body());
                        }
                        outcomes.computeIfAbsent(outcome, k -> new AtomicInteger()).incrementAndGet();
                    });
        }

        /** Stops sending and waits for every answer. */
        void stop() {
            timer.shutdownNow();
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> inFlight.get() == 0);
        }

        String summary() {
            return "sent " + sent.get() + " at " + perSecond + "/s, outcomes " + outcomes + ", slowest answer "
                    + slowestMillis.get() + " ms";
        }
    }

    @Test
    @Order(9)
    void aRebuildUnderProdsRolesAndAclsGivesTheSameNumbers() {
        String admin = token("ops-admin", List.of(Roles.ADMIN));
        String reader = token("bi-reader", List.of(Roles.READER));
        Map<String, Object> before = totals(reader);
        // A plain consumer of the three topics (no group) as analytics-service's KafkaUser, shadow tables, the swap:
        // all as the database role that owns analytics, no more.
        as(admin, "analytics-service", 1).post("/analytics/rebuild").then().statusCode(202);
        JsonPath status = Awaitility.await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofSeconds(1)).until(
                () -> JsonPath.from(as(reader, "analytics-service", 1).get("/analytics/rebuild").then().statusCode(200)
                        .extract().asString()),
                s -> !"running".equals(s.getString("state")));
        assertThat(status.getString("state")).as("rebuild %s", status.prettify()).isEqualTo("succeeded");
        assertThat(totals(reader)).as("totals after the rebuild").isEqualTo(before);
        try (Connection bi = DriverManager.getConnection(jdbc("analytics", "verify-full"), "kept_bi",
                secrets.get("kept-db-kept-bi").get("password")); Statement s = bi.createStatement();
                ResultSet rs = s.executeQuery("SELECT customers FROM analytics.recovery_paradox WHERE cohort = 'recovered'")) {
            assertThat(rs.next()).as("kept_bi still reads the views after the swap").isTrue();
        } catch (SQLException e) {
            throw new AssertionError("kept_bi after the rebuild", e);
        }
    }

    /** Made, kept and broken per guarantee of the rehearsal, as analytics answers them. */
    private static Map<String, Object> totals(String token) {
        Map<String, Object> totals = new LinkedHashMap<>();
        for (String guarantee : List.of("delivery", "callback")) {
            JsonPath page = JsonPath.from(as(token, "analytics-service", 0)
                    .get("/analytics/compliance?guaranteeId=" + guarantee + "&" + RANGE).then().statusCode(200).extract().asString());
            for (String count : List.of("made", "kept", "broken")) {
                totals.put(guarantee + " " + count, page.getInt(count + ".sum()"));
            }
        }
        return totals;
    }

    // ---------------------------------------------------------------------------------------------------------

    private static Stream<ServiceProcess> all() {
        return replicas.values().stream().flatMap(Collection::stream);
    }

    private static String serviceOf(ServiceProcess p) {
        return p.name();
    }

    private static String readPath(String service) {
        return switch (service) {
            case "promise-service" -> "/promises";
            case "recovery-service" -> "/recoveries";
            case "followup-service" -> "/followups";
            default -> "/analytics/paradox";
        };
    }

    private static RequestSpecification as(String token, String service, int replica) {
        return RestAssured.given().baseUri(replicas.get(service).get(replica).url()).auth().oauth2(token);
    }

    /** A token from the provider, as a client of Kept gets one: issuer the realm, audience kept, roles in groups. */
    private static String token(String subject, List<String> roles) {
        return oidc.issueToken(REALM, "kept-client", new DefaultOAuth2TokenCallback(REALM, subject, "JWT",
                List.of("kept"), Map.of("groups", roles, "upn", subject), 3600)).serialize();
    }

    private static String tokenFrom(String realm, String audience, List<String> roles) {
        return oidc.issueToken(realm, "kept-client", new DefaultOAuth2TokenCallback(realm, "mallory", "JWT",
                List.of(audience), Map.of("groups", roles, "upn", "mallory"), 3600)).serialize();
    }

    private static String jdbc(String database, String sslMode) {
        return "jdbc:postgresql://localhost:" + postgres.port() + "/" + database + "?sslmode=" + sslMode
                + "&sslrootcert=" + dbCertificate.caCertificate();
    }

    private static void awaitHealth(ServiceProcess p, String probe, Duration budget) {
        long deadline = System.nanoTime() + budget.toNanos();
        while (System.nanoTime() < deadline) {
            HttpResponse<String> response = get(p.url() + "/q/health/" + probe);
            if (response != null && response.statusCode() == 200) {
                return;
            }
            sleep(500);
        }
        HttpResponse<String> last = get(p.url() + "/q/health/" + probe);
        throw new AssertionError(p.log().getParent().getFileName() + " not " + probe + " within " + budget + ": "
                + (last == null ? "no answer" : last.statusCode() + " " + last.body()) + "\n" + p.logTail());
    }

    /** The DOWN checks of a health answer, with their data. */
    private static String downChecks(String body) {
        try {
            List<Map<String, Object>> checks = JsonPath.from(body).getList("checks");
            return checks.stream().filter(c -> "DOWN".equals(c.get("status"))).map(String::valueOf)
                    .collect(Collectors.joining("; "));
        } catch (RuntimeException e) {
            return body;
        }
    }

    private static HttpResponse<String> get(String url) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String password() {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        return IntStream.range(0, 32).mapToObj(i -> String.valueOf(alphabet.charAt(RANDOM.nextInt(alphabet.length()))))
                .collect(Collectors.joining());
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
