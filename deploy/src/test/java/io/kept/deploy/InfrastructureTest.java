package io.kept.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import io.kept.events.Topics;
import io.kept.events.StreamKind;
import io.strimzi.api.kafka.model.kafka.KafkaAuthorizationSimple;
import io.strimzi.api.kafka.model.kafka.listener.KafkaListenerAuthenticationScramSha512;
import io.strimzi.api.kafka.model.user.KafkaUser;
import io.strimzi.api.kafka.model.user.KafkaUserAuthorizationSimple;
import io.strimzi.api.kafka.model.user.KafkaUserScramSha512ClientAuthentication;
import io.strimzi.api.kafka.model.user.acl.AclOperation;
import io.strimzi.api.kafka.model.user.acl.AclResourcePatternType;
import io.strimzi.api.kafka.model.user.acl.AclRule;
import io.strimzi.api.kafka.model.user.acl.AclRuleGroupResource;
import io.strimzi.api.kafka.model.user.acl.AclRuleTopicResource;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.nodepool.ProcessRoles;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Kafka, PostgreSQL, network policies and monitoring, checked against what the services expect. */
class InfrastructureTest {

    private static final Set<String> EVENT_TOPICS = Set.copyOf(Topics.all());

    static List<KafkaTopic> topics(String kustomization) {
        return Manifests.ofKind(kustomization, "KafkaTopic").stream().map(d -> (KafkaTopic) Models.parse(d)).toList();
    }

    @ParameterizedTest
    @ValueSource(strings = {"kafka", "overlays/dev", "overlays/prod"})
    void kafkaTopicsAreExactlyTheEventTopicsAndTheirDeadLetterTopics(String kustomization) {
        Set<String> expected = new TreeSet<>(Topics.all());
        Topics.all().forEach(t -> expected.add(Topics.dlq(t)));
        assertThat(topics(kustomization)).extracting(t -> t.getSpec().getTopicName())
                .containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void everyTopicAServiceConsumesOrDeadLettersToExists() {
        Set<String> declared = topics("kafka").stream().map(t -> t.getSpec().getTopicName()).collect(Collectors.toSet());
        for (String service : ServiceConfig.SERVICES) {
            assertThat(declared).as("topics %s uses", service).containsAll(ServiceConfig.of(service).topics());
        }
    }

    @Test
    void prodTopicsAreReplicatedThreeTimesWithTwoInSyncAndEventsAreKeptForever() {
        SoftAssertions soft = new SoftAssertions();
        for (KafkaTopic t : topics("overlays/prod")) {
            String name = t.getSpec().getTopicName();
            Map<String, Object> config = t.getSpec().getConfig();
            soft.assertThat(t.getSpec().getReplicas()).as("%s replicas", name).isEqualTo(3);
            soft.assertThat(t.getSpec().getPartitions()).as("%s partitions", name).isPositive();
            soft.assertThat(String.valueOf(config.get("min.insync.replicas"))).as("%s min.insync.replicas", name).isEqualTo("2");
            // The relay's largest request (1,000,000 bytes of event and 16,384 of key and headers) must fit.
            soft.assertThat(Long.parseLong(String.valueOf(config.get("max.message.bytes"))))
                    .as("%s max.message.bytes", name).isGreaterThanOrEqualTo(1_016_384L);
            if (EVENT_TOPICS.contains(name)) {
                soft.assertThat(String.valueOf(config.get("retention.ms"))).as("%s retention.ms", name).isEqualTo("-1");
                soft.assertThat(String.valueOf(config.get("cleanup.policy"))).as("%s cleanup.policy", name).isEqualTo("delete");
            }
        }
        soft.assertAll();
    }

    @ParameterizedTest
    @ValueSource(strings = {"overlays/dev", "overlays/prod"})
    void kafkaRunsInKraftWithNodePoolsAndEnoughBrokersForItsTopics(String kustomization) {
        Kafka kafka = (Kafka) Models.parse(Manifests.find(kustomization, "Kafka", "kept").orElseThrow());
        assertThat(kafka.getMetadata().getAnnotations())
                .containsEntry("strimzi.io/kraft", "enabled")
                .containsEntry("strimzi.io/node-pools", "enabled");
        assertThat(kafka.getSpec().getKafka().getListeners())
                .anySatisfy(l -> assertThat(l.getPort()).isEqualTo(9092));
        List<KafkaNodePool> pools = Manifests.ofKind(kustomization, "KafkaNodePool").stream()
                .map(d -> (KafkaNodePool) Models.parse(d)).toList();
        assertThat(pools).allSatisfy(p -> assertThat(p.getMetadata().getLabels()).containsEntry("strimzi.io/cluster", "kept"));
        int brokers = pools.stream().filter(p -> p.getSpec().getRoles().contains(ProcessRoles.BROKER))
                .mapToInt(p -> p.getSpec().getReplicas()).sum();
        assertThat(pools).anySatisfy(p -> assertThat(p.getSpec().getRoles()).contains(ProcessRoles.CONTROLLER));
        Map<String, Object> config = kafka.getSpec().getKafka().getConfig();
        int minIsr = Integer.parseInt(String.valueOf(config.get("min.insync.replicas")));
        for (KafkaTopic t : topics(kustomization)) {
            assertThat(t.getSpec().getReplicas()).as("%s: %s replicas <= %d brokers", kustomization,
                    t.getSpec().getTopicName(), brokers).isLessThanOrEqualTo(brokers);
            assertThat(Integer.parseInt(String.valueOf(t.getSpec().getConfig().get("min.insync.replicas"))))
                    .as("%s min.insync.replicas fits its replicas", t.getSpec().getTopicName())
                    .isLessThanOrEqualTo(t.getSpec().getReplicas());
            assertThat(t.getMetadata().getLabels()).containsEntry("strimzi.io/cluster", "kept");
        }
        assertThat(Integer.parseInt(String.valueOf(config.get("default.replication.factor")))).isLessThanOrEqualTo(brokers);
        assertThat(minIsr).isLessThanOrEqualTo(brokers);
    }

    @SuppressWarnings("unchecked")
    @ParameterizedTest
    @ValueSource(strings = {"overlays/dev", "overlays/prod"})
    void postgresHasADatabaseAndARolePerServiceAndTheBiRole(String kustomization) {
        Map<String, Object> cluster = Manifests.find(kustomization, "Cluster", "kept-db").orElseThrow();
        Models.parse(cluster);
        List<Map<String, Object>> roles = (List<Map<String, Object>>) ((Map<String, Object>) ((Map<String, Object>) cluster
                .get("spec")).get("managed")).get("roles");
        Map<String, String> secretOf = roles.stream().collect(Collectors.toMap(r -> (String) r.get("name"),
                r -> (String) ((Map<String, Object>) r.get("passwordSecret")).get("name")));
        assertThat(secretOf).containsOnlyKeys("promise", "recovery", "followup", "analytics", "kept_bi");
        secretOf.forEach((role, secret) -> assertThat(secret).isEqualTo("kept-db-" + role.replace('_', '-')));
        for (String service : ServiceConfig.SERVICES) {
            String db = service.replace("-service", "");
            Map<String, Object> database = Manifests.find(kustomization, "Database", "kept-db-" + db).orElseThrow();
            Map<String, Object> spec = (Map<String, Object>) database.get("spec");
            assertThat(spec).containsEntry("name", db).containsEntry("owner", db);
            assertThat((Map<String, Object>) spec.get("cluster")).containsEntry("name", "kept-db");
        }
        // Every secret a Deployment reads is one CloudNativePG uses for a role, or the one Strimzi makes for the
        // service's own KafkaUser.
        for (String service : ServiceConfig.SERVICES) {
            Set<String> known = new TreeSet<>(secretOf.values());
            if (Manifests.find(kustomization, "KafkaUser", service).isPresent()) {
                known.add(service);
            }
            ServiceEnvironmentTest.environment(kustomization, service).values().stream()
                    .filter(v -> v != null && v.startsWith("secret "))
                    .map(v -> v.substring("secret ".length(), v.indexOf('/')))
                    .forEach(s -> assertThat(known).as("%s reads secret %s", service, s).contains(s));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/prod"})
    void networkPoliciesLetInOnlyTheIngressControllerAndPrometheusAndOutOnlyDnsKafkaPostgres(String kustomization) {
        // Each service's own policy; the OIDC provider's egress is kept-oidc-provider's (everyServiceMayReach...).
        SoftAssertions soft = new SoftAssertions();
        for (String service : ServiceConfig.SERVICES) {
            NetworkPolicy np = (NetworkPolicy) Models.parse(Manifests.find(kustomization, "NetworkPolicy", service).orElseThrow());
            int port = ServiceConfig.of(service).httpPort();
            soft.assertThat(np.getSpec().getPolicyTypes()).as("%s policyTypes", service).contains("Ingress", "Egress");
            soft.assertThat(np.getSpec().getPodSelector().getMatchLabels()).containsEntry("app.kubernetes.io/name", service);
            List<Integer> in = new ArrayList<>();
            np.getSpec().getIngress().forEach(r -> r.getPorts().forEach(p -> in.add(p.getPort().getIntVal())));
            soft.assertThat(in).as("%s ingress ports: HTTP, and the management port for metrics", service)
                    .containsExactly(port, 9000);
            Map<Integer, String> onlyFrom = Map.of(port, "ingress-nginx", 9000, "monitoring");
            np.getSpec().getIngress().forEach(r -> r.getPorts().forEach(p -> soft.assertThat(r.getFrom())
                    .as("%s: who reaches port %s", service, p.getPort().getIntVal())
                    .singleElement().satisfies(from -> assertThat(from.getNamespaceSelector().getMatchLabels())
                            .containsExactly(Map.entry("kubernetes.io/metadata.name", onlyFrom.get(p.getPort().getIntVal()))))));
            List<NetworkPolicyPort> out = new ArrayList<>();
            np.getSpec().getEgress().forEach(r -> {
                soft.assertThat(r.getTo()).as("%s: an egress rule to anywhere", service).isNotEmpty();
                out.addAll(r.getPorts());
            });
            soft.assertThat(out).extracting(p -> p.getPort().getIntVal()).as("%s egress ports", service)
                    .containsOnly(53, 9092, 5432).contains(53, 9092, 5432);
            int containerPort = Manifests.deployment(kustomization, service).getSpec().getTemplate().getSpec()
                    .getContainers().get(0).getPorts().get(0).getContainerPort();
            soft.assertThat(containerPort).as("%s containerPort = quarkus.http.port", service).isEqualTo(port);
        }
        soft.assertAll();
    }

    /**
     * Every service pod may reach the OIDC provider whose keys it fetches (the port of KEPT_JWT_PUBLIC_KEY_LOCATION):
     * without it every request but health is a 401. NetworkPolicies add up, so one policy over every service's pods
     * is enough; it names an address block, since NetworkPolicies know no host names.
     */
    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/dev", "overlays/prod"})
    void everyServiceMayReachTheOidcProvidersKeys(String kustomization) {
        List<NetworkPolicy> policies = Manifests.ofKind(kustomization, "NetworkPolicy").stream()
                .map(d -> (NetworkPolicy) Models.parse(d)).toList();
        SoftAssertions soft = new SoftAssertions();
        for (String service : ServiceConfig.SERVICES) {
            String jwks = ServiceEnvironmentTest.environment(kustomization, service).get("KEPT_JWT_PUBLIC_KEY_LOCATION");
            soft.assertThat(jwks).as("%s: KEPT_JWT_PUBLIC_KEY_LOCATION", service).startsWith("https://");
            if (jwks == null) {
                continue;
            }
            java.net.URI uri = java.net.URI.create(jwks);
            int port = uri.getPort() > 0 ? uri.getPort() : 443;
            Map<String, String> labels = Manifests.deployment(kustomization, service).getSpec().getTemplate().getMetadata()
                    .getLabels();
            boolean allowed = policies.stream()
                    .filter(np -> np.getSpec().getPolicyTypes().contains("Egress"))
                    .filter(np -> labels.entrySet().containsAll(np.getSpec().getPodSelector().getMatchLabels().entrySet()))
                    .flatMap(np -> np.getSpec().getEgress().stream())
                    .filter(rule -> rule.getTo().stream().anyMatch(peer -> peer.getIpBlock() != null))
                    .anyMatch(rule -> rule.getPorts().stream().anyMatch(p -> p.getPort().getIntVal() == port));
            soft.assertThat(allowed).as("%s may reach %s (port %d) through a NetworkPolicy egress rule", service, jwks,
                    port).isTrue();
        }
        soft.assertAll();
    }

    /** Prod Kafka takes only SCRAM over TLS, and each service may touch only what it owns or consumes. */
    @Test
    void prodKafkaLetsEachServiceInAsItselfAndOnlyToWhatItOwnsOrConsumes() {
        Kafka kafka = (Kafka) Models.parse(Manifests.find("overlays/prod", "Kafka", "kept").orElseThrow());
        assertThat(kafka.getSpec().getKafka().getListeners()).isNotEmpty().allSatisfy(l -> {
            assertThat(l.isTls()).as("listener %s: TLS", l.getName()).isTrue();
            assertThat(l.getAuth()).as("listener %s: SCRAM-SHA-512", l.getName())
                    .isInstanceOf(KafkaListenerAuthenticationScramSha512.class);
        });
        assertThat(kafka.getSpec().getKafka().getAuthorization()).isInstanceOf(KafkaAuthorizationSimple.class);
        assertThat(kafka.getSpec().getEntityOperator().getUserOperator()).as("the user operator").isNotNull();
        SoftAssertions soft = new SoftAssertions();
        for (String service : ServiceConfig.SERVICES) {
            KafkaUser user = (KafkaUser) Models.parse(Manifests.find("overlays/prod", "KafkaUser", service).orElseThrow());
            soft.assertThat(user.getMetadata().getLabels()).containsEntry("strimzi.io/cluster", "kept");
            soft.assertThat(user.getSpec().getAuthentication()).isInstanceOf(KafkaUserScramSha512ClientAuthentication.class);
            Set<String> own = new TreeSet<>();
            for (StreamKind kind : StreamKind.values()) {
                if (kind.source().equals("/" + service)) {
                    own.add(kind.topic());
                }
            }
            Set<String> consumedAndDeadLetters = ServiceConfig.of(service).topics();
            Set<String> writable = new TreeSet<>(own);
            consumedAndDeadLetters.stream().filter(t -> t.endsWith(".dlq")).forEach(writable::add);
            Set<String> written = new TreeSet<>();
            Set<String> read = new TreeSet<>();
            Set<String> groups = new TreeSet<>();
            for (AclRule rule : ((KafkaUserAuthorizationSimple) user.getSpec().getAuthorization()).getAcls()) {
                if (rule.getResource() instanceof AclRuleTopicResource topic) {
                    soft.assertThat(topic.getPatternType()).as("%s: %s by its exact name", service, topic.getName())
                            .isEqualTo(AclResourcePatternType.LITERAL);
                    if (rule.getOperations().contains(AclOperation.WRITE)) {
                        written.add(topic.getName());
                    }
                    if (rule.getOperations().contains(AclOperation.READ)) {
                        read.add(topic.getName());
                    }
                    soft.assertThat(rule.getOperations()).as("%s on %s", service, topic.getName())
                            .isSubsetOf(AclOperation.READ, AclOperation.WRITE, AclOperation.DESCRIBE);
                } else if (rule.getResource() instanceof AclRuleGroupResource group) {
                    groups.add(group.getName());
                    soft.assertThat(group.getName()).as("%s: its own consumer groups", service).startsWith(service);
                } else {
                    soft.fail("%s: an ACL on %s, neither a topic nor its own group", service, rule.getResource());
                }
            }
            soft.assertThat(written).as("%s writes its own topic and the dead letters of what it consumes", service)
                    .isEqualTo(writable);
            soft.assertThat(read).as("%s reads what it consumes and those dead letters", service)
                    .isEqualTo(consumedAndDeadLetters);
            Map<String, String> env = ServiceEnvironmentTest.environment("overlays/prod", service);
            soft.assertThat(env).as("%s: its Kafka identity", service)
                    .containsEntry("KAFKA_SECURITY_PROTOCOL", "SASL_SSL")
                    .containsEntry("KAFKA_SASL_MECHANISM", "SCRAM-SHA-512")
                    .containsEntry("KAFKA_SASL_JAAS_CONFIG", "secret " + service + "/sasl.jaas.config")
                    .containsEntry("KAFKA_SSL_TRUSTSTORE_TYPE", "PEM");
            caCertificateFromSecret(soft, "overlays/prod", service, env.get("KAFKA_SSL_TRUSTSTORE_LOCATION"),
                    "kept-cluster-ca-cert");
        }
        soft.assertAll();
    }

    /** Every service checks the database's certificate and name, and the database takes nothing else. */
    @SuppressWarnings("unchecked")
    @ParameterizedTest
    @ValueSource(strings = {"overlays/dev", "overlays/prod"})
    void everyServiceVerifiesTheDatabaseCertificateAndPostgresRefusesPlaintext(String kustomization) {
        SoftAssertions soft = new SoftAssertions();
        for (String service : ServiceConfig.SERVICES) {
            Map<String, String> env = ServiceEnvironmentTest.environment(kustomization, service);
            soft.assertThat(env).as("%s: TLS to PostgreSQL", service).containsEntry("KEPT_DB_SSL_MODE", "verify-full");
            // verify-full compares the host with the certificate, which CloudNativePG issues for kept-db-rw.
            soft.assertThat(env.get("KEPT_DB_URL")).as("%s: the host its certificate names", service)
                    .startsWith("postgresql://kept-db-rw:");
            caCertificateFromSecret(soft, kustomization, service, env.get("KEPT_DB_SSL_ROOT_CERT"), "kept-db-ca");
        }
        Map<String, Object> spec = (Map<String, Object>) Manifests.find(kustomization, "Cluster", "kept-db").orElseThrow()
                .get("spec");
        List<String> hba = (List<String>) ((Map<String, Object>) spec.get("postgresql")).get("pg_hba");
        soft.assertThat(hba).as("pg_hba: no connection without TLS")
                .contains("hostnossl all all 0.0.0.0/0 reject", "hostnossl all all ::/0 reject");
        soft.assertAll();
    }

    /**
     * The file at {@code path} in the service's container is key {@code ca.crt} of Secret {@code secret}, mounted alone:
     * the operators' CA Secrets may also hold the CA's private key.
     */
    private static void caCertificateFromSecret(SoftAssertions soft, String kustomization, String service, String path,
            String secret) {
        var pod = Manifests.deployment(kustomization, service).getSpec().getTemplate().getSpec();
        soft.assertThat(pod.getContainers().get(0).getVolumeMounts()).as("%s: the CA of %s at %s", service, secret, path)
                .anySatisfy(m -> {
                    assertThat(path).isEqualTo(m.getMountPath() + "/ca.crt");
                    assertThat(pod.getVolumes()).anySatisfy(v -> {
                        assertThat(v.getName()).isEqualTo(m.getName());
                        assertThat(v.getSecret().getSecretName()).isEqualTo(secret);
                        assertThat(v.getSecret().getItems()).singleElement()
                                .satisfies(i -> assertThat(i.getKey()).isEqualTo("ca.crt"));
                    });
                });
    }

    private static final Map<String, String> KEPT_SERVICES = Map.of(
            "app.kubernetes.io/part-of", "kept", "app.kubernetes.io/component", "service");

    /** Kafka's listeners and PostgreSQL's port admit Kept's services, and the peers each needs, and no one else. */
    @ParameterizedTest
    @ValueSource(strings = {"overlays/dev", "overlays/prod"})
    void kafkaAndPostgresAdmitOnlyKeptsPods(String kustomization) {
        Kafka kafka = (Kafka) Models.parse(Manifests.find(kustomization, "Kafka", "kept").orElseThrow());
        assertThat(kafka.getSpec().getKafka().getListeners()).isNotEmpty().allSatisfy(l ->
                assertThat(l.getNetworkPolicyPeers()).as("who reaches listener %s", l.getName()).singleElement()
                        .satisfies(peer -> {
                            assertThat(peer.getNamespaceSelector()).isNull();
                            assertThat(peer.getPodSelector().getMatchLabels()).isEqualTo(KEPT_SERVICES);
                        }));
        // Each service's pods carry the labels the peers select.
        for (String service : ServiceConfig.SERVICES) {
            assertThat(Manifests.deployment(kustomization, service).getSpec().getTemplate().getMetadata().getLabels())
                    .containsAllEntriesOf(KEPT_SERVICES);
        }
        NetworkPolicy db = (NetworkPolicy) Models.parse(Manifests.find(kustomization, "NetworkPolicy", "kept-db").orElseThrow());
        assertThat(db.getSpec().getPodSelector().getMatchLabels()).containsExactly(Map.entry("cnpg.io/cluster", "kept-db"));
        assertThat(db.getSpec().getPolicyTypes()).contains("Ingress");
        List<String> onPostgres = new ArrayList<>();
        List<String> onInstanceManager = new ArrayList<>();
        db.getSpec().getIngress().forEach(rule -> rule.getPorts().forEach(port -> rule.getFrom().forEach(from -> {
            String who = from.getPodSelector() != null ? "pods " + new java.util.TreeMap<>(from.getPodSelector().getMatchLabels())
                    : "namespace " + from.getNamespaceSelector().getMatchLabels().get("kubernetes.io/metadata.name");
            (port.getPort().getIntVal() == 5432 ? onPostgres : onInstanceManager).add(who);
        })));
        assertThat(onPostgres).as("who reaches PostgreSQL on 5432").containsExactlyInAnyOrder(
                "pods " + new java.util.TreeMap<>(KEPT_SERVICES), "pods {cnpg.io/cluster=kept-db}", "namespace bi");
        assertThat(onInstanceManager).as("who reaches the instance manager on 8000").containsExactlyInAnyOrder(
                "pods {cnpg.io/cluster=kept-db}", "namespace cnpg-system");
    }

    /** The namespace enforces the restricted Pod Security level, and the pods the operators run for Kept meet it. */
    @ParameterizedTest
    @ValueSource(strings = {"overlays/dev", "overlays/prod"})
    void theNamespaceEnforcesRestrictedAndStrimzisPodsMeetIt(String kustomization) {
        Map<String, Object> namespace = Manifests.find(kustomization, "Namespace", "kept").orElseThrow();
        assertThat(((io.fabric8.kubernetes.api.model.Namespace) Models.parse(namespace)).getMetadata().getLabels())
                .containsEntry("pod-security.kubernetes.io/enforce", "restricted");
        KafkaNodePool pool = (KafkaNodePool) Models.parse(Manifests.find(kustomization, "KafkaNodePool", "dual-role").orElseThrow());
        Kafka kafka = (Kafka) Models.parse(Manifests.find(kustomization, "Kafka", "kept").orElseThrow());
        var entity = kafka.getSpec().getEntityOperator().getTemplate();
        SoftAssertions soft = new SoftAssertions();
        for (var pod : List.of(pool.getSpec().getTemplate().getPod(), entity.getPod())) {
            soft.assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
            soft.assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        }
        Map<String, io.strimzi.api.kafka.model.common.template.ContainerTemplate> containers = Map.of(
                "kafka", pool.getSpec().getTemplate().getKafkaContainer(),
                "topic operator", entity.getTopicOperatorContainer(),
                "user operator", entity.getUserOperatorContainer());
        containers.forEach((name, container) -> {
            var context = container.getSecurityContext();
            soft.assertThat(context.getAllowPrivilegeEscalation()).as("%s: no privilege escalation", name).isFalse();
            soft.assertThat(context.getRunAsNonRoot()).as("%s: not root", name).isTrue();
            soft.assertThat(context.getCapabilities().getDrop()).as("%s: no capabilities", name).containsExactly("ALL");
        });
        soft.assertAll();
    }

    @Test
    void prometheusScrapesQuarkusMetrics() {
        for (String service : ServiceConfig.SERVICES) {
            ServiceMonitor sm = (ServiceMonitor) Models.parse(Manifests.find("base", "ServiceMonitor", service).orElseThrow());
            assertThat(sm.getSpec().getEndpoints()).singleElement().satisfies(e -> {
                assertThat(e.getPath()).isEqualTo("/q/metrics");
                // Quarkus' management interface (quarkus.management.enabled), never the public HTTP port.
                assertThat(e.getPort()).isEqualTo("management");
            });
            assertThat(sm.getSpec().getSelector().getMatchLabels()).containsEntry("app.kubernetes.io/name", service);
        }
    }
}
