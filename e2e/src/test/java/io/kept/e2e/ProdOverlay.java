package io.kept.e2e;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * The prod overlay ({@code deploy/kubernetes/overlays/prod}) as {@code kubectl kustomize} renders it, read as the
 * operators read it: Strimzi's {@code Kafka}, {@code KafkaTopic} and {@code KafkaUser}, CloudNativePG's
 * {@code Cluster} and {@code Database}, and each {@code Deployment}'s environment with its ConfigMaps and Secrets
 * filled in. Nothing here repeats what the manifests say.
 */
final class ProdOverlay {

    private static final ObjectMapper YAML = new YAMLMapper();
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    /** A KafkaUser: its name (the principal {@code User:<name>}) and the ACLs Strimzi's user operator would create. */
    record KafkaUser(String name, List<AclBinding> acls) {
    }

    /** A managed role of the CNPG Cluster: name, login, connection limit (-1: none), its password Secret. */
    record DbRole(String name, boolean login, int connectionLimit, String passwordSecret) {
    }

    /** A database and its owner (the Cluster's initdb database, and each Database resource). */
    record Db(String name, String owner) {
    }

    /** A container's environment as the Deployment declares it, and where it mounts which Secret keys. */
    record Workload(String name, Map<String, Object> deployment) {
    }

    private final List<Map<String, Object>> documents;

    private ProdOverlay(List<Map<String, Object>> documents) {
        this.documents = documents;
    }

    static ProdOverlay render(Path root) {
        Path overlay = root.resolve("deploy/kubernetes/overlays/prod");
        try {
            Process kubectl = new ProcessBuilder("kubectl", "kustomize", overlay.toString()).redirectErrorStream(false).start();
            String out = new String(kubectl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String err = new String(kubectl.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!kubectl.waitFor(60, TimeUnit.SECONDS) || kubectl.exitValue() != 0) {
                throw new IllegalStateException("kubectl kustomize " + overlay + " failed: " + err);
            }
            List<Map<String, Object>> docs = new ArrayList<>();
            try (var parser = YAML.getFactory().createParser(out)) {
                var it = YAML.readValues(parser, MAP);
                while (it.hasNext()) {
                    Map<String, Object> doc = it.next();
                    if (doc != null && !doc.isEmpty()) {
                        docs.add(doc);
                    }
                }
            }
            return new ProdOverlay(docs);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    List<Map<String, Object>> kind(String kind) {
        return documents.stream().filter(d -> kind.equals(d.get("kind"))).toList();
    }

    Map<String, Object> one(String kind, String name) {
        return kind(kind).stream().filter(d -> name.equals(at(d, "metadata", "name"))).findFirst()
                .orElseThrow(() -> new IllegalStateException("No " + kind + " " + name + " in the prod overlay"));
    }

    /** The Kafka resource's {@code spec.kafka.config}: broker settings. */
    Map<String, Object> kafkaConfig() {
        return map(at(kind("Kafka").get(0), "spec", "kafka", "config"));
    }

    String kafkaMetadataVersion() {
        return (String) at(kind("Kafka").get(0), "spec", "kafka", "metadataVersion");
    }

    /** The client listener (the one on 9092): its tls flag and authentication type. */
    Map<String, Object> kafkaListener() {
        List<Object> listeners = list(at(kind("Kafka").get(0), "spec", "kafka", "listeners"));
        return listeners.stream().map(ProdOverlay::map).filter(l -> Objects.equals(l.get("port"), 9092)).findFirst()
                .orElseThrow();
    }

    String kafkaAuthorization() {
        return (String) at(kind("Kafka").get(0), "spec", "kafka", "authorization", "type");
    }

    List<NewTopic> topics() {
        List<NewTopic> topics = new ArrayList<>();
        for (Map<String, Object> t : kind("KafkaTopic")) {
            Map<String, Object> spec = map(t.get("spec"));
            String name = (String) spec.getOrDefault("topicName", at(t, "metadata", "name"));
            Map<String, String> config = new LinkedHashMap<>();
            map(spec.getOrDefault("config", Map.of())).forEach((k, v) -> config.put(k, String.valueOf(v)));
            topics.add(new NewTopic(name, ((Number) spec.get("partitions")).intValue(),
                    ((Number) spec.get("replicas")).shortValue()).configs(config));
        }
        return topics;
    }

    List<KafkaUser> kafkaUsers() {
        List<KafkaUser> users = new ArrayList<>();
        for (Map<String, Object> u : kind("KafkaUser")) {
            String name = (String) at(u, "metadata", "name");
            if (!"scram-sha-512".equals(at(u, "spec", "authentication", "type"))) {
                throw new IllegalStateException("KafkaUser " + name + " is not a SCRAM-SHA-512 user");
            }
            List<AclBinding> acls = new ArrayList<>();
            for (Object o : list(at(u, "spec", "authorization", "acls"))) {
                Map<String, Object> acl = map(o);
                Map<String, Object> resource = map(acl.get("resource"));
                ResourceType type = switch ((String) resource.get("type")) {
                    case "topic" -> ResourceType.TOPIC;
                    case "group" -> ResourceType.GROUP;
                    case "cluster" -> ResourceType.CLUSTER;
                    case "transactionalId" -> ResourceType.TRANSACTIONAL_ID;
                    default -> throw new IllegalStateException("Unknown ACL resource " + resource);
                };
                String resourceName = type == ResourceType.CLUSTER ? "kafka-cluster" : (String) resource.get("name");
                PatternType pattern = "prefix".equals(resource.get("patternType")) ? PatternType.PREFIXED : PatternType.LITERAL;
                String host = (String) acl.getOrDefault("host", "*");
                AclPermissionType permission = "deny".equals(acl.get("type")) ? AclPermissionType.DENY : AclPermissionType.ALLOW;
                List<Object> operations = acl.containsKey("operations") ? list(acl.get("operations")) : List.of(acl.get("operation"));
                for (Object operation : operations) {
                    acls.add(new AclBinding(new ResourcePattern(type, resourceName, pattern),
                            new AccessControlEntry("User:" + name, host, operation((String) operation), permission)));
                }
            }
            users.add(new KafkaUser(name, acls));
        }
        return users;
    }

    private static AclOperation operation(String strimzi) {
        return switch (strimzi) {
            case "Read" -> AclOperation.READ;
            case "Write" -> AclOperation.WRITE;
            case "Create" -> AclOperation.CREATE;
            case "Delete" -> AclOperation.DELETE;
            case "Alter" -> AclOperation.ALTER;
            case "Describe" -> AclOperation.DESCRIBE;
            case "ClusterAction" -> AclOperation.CLUSTER_ACTION;
            case "AlterConfigs" -> AclOperation.ALTER_CONFIGS;
            case "DescribeConfigs" -> AclOperation.DESCRIBE_CONFIGS;
            case "IdempotentWrite" -> AclOperation.IDEMPOTENT_WRITE;
            case "All" -> AclOperation.ALL;
            default -> throw new IllegalStateException("Unknown ACL operation " + strimzi);
        };
    }

    Map<String, Object> dbCluster() {
        return kind("Cluster").stream().filter(c -> String.valueOf(c.get("apiVersion")).startsWith("postgresql.cnpg.io"))
                .findFirst().orElseThrow();
    }

    List<DbRole> dbRoles() {
        List<DbRole> roles = new ArrayList<>();
        for (Object o : list(at(dbCluster(), "spec", "managed", "roles"))) {
            Map<String, Object> r = map(o);
            if ("absent".equals(r.get("ensure"))) {
                continue;
            }
            roles.add(new DbRole((String) r.get("name"), Boolean.TRUE.equals(r.get("login")),
                    r.containsKey("connectionLimit") ? ((Number) r.get("connectionLimit")).intValue() : -1,
                    (String) at(r, "passwordSecret", "name")));
        }
        return roles;
    }

    List<Db> databases() {
        List<Db> dbs = new ArrayList<>();
        Map<String, Object> initdb = map(at(dbCluster(), "spec", "bootstrap", "initdb"));
        dbs.add(new Db((String) initdb.get("database"), (String) initdb.get("owner")));
        for (Map<String, Object> d : kind("Database")) {
            Map<String, Object> spec = map(d.get("spec"));
            if (!"absent".equals(spec.get("ensure")) && dbs.stream().noneMatch(x -> x.name().equals(spec.get("name")))) {
                dbs.add(new Db((String) spec.get("name"), (String) spec.get("owner")));
            }
        }
        return dbs;
    }

    /** The Cluster's {@code spec.postgresql.parameters}. */
    Map<String, String> dbParameters() {
        Map<String, String> parameters = new LinkedHashMap<>();
        map(at(dbCluster(), "spec", "postgresql", "parameters")).forEach((k, v) -> parameters.put(k, String.valueOf(v)));
        return parameters;
    }

    /** The Cluster's {@code spec.postgresql.pg_hba} lines, in order. */
    List<String> dbHba() {
        return list(at(dbCluster(), "spec", "postgresql", "pg_hba")).stream().map(String::valueOf).toList();
    }

    Map<String, Object> container(String deployment) {
        return map(list(at(one("Deployment", deployment), "spec", "template", "spec", "containers")).get(0));
    }

    /** The Deployment's startup probe budget: periodSeconds × failureThreshold (plus initialDelaySeconds). */
    long startupBudgetSeconds(String deployment) {
        Map<String, Object> probe = map(container(deployment).get("startupProbe"));
        long period = ((Number) probe.getOrDefault("periodSeconds", 10)).longValue();
        long failures = ((Number) probe.getOrDefault("failureThreshold", 3)).longValue();
        long delay = ((Number) probe.getOrDefault("initialDelaySeconds", 0)).longValue();
        return delay + period * failures;
    }

    /** The Deployment's terminationGracePeriodSeconds (Kubernetes' default, 30, when it sets none). */
    long terminationGraceSeconds(String deployment) {
        Object grace = at(one("Deployment", deployment), "spec", "template", "spec", "terminationGracePeriodSeconds");
        return grace == null ? 30 : ((Number) grace).longValue();
    }

    /**
     * The container's environment as Kubernetes gives it: every {@code envFrom} ConfigMap, then {@code env}, a
     * {@code secretKeyRef} read from {@code secrets} (Secret name to its keys). A value naming a path under a mounted
     * Secret volume is moved to the file {@code files} wrote with that key's content.
     */
    Map<String, String> environment(String deployment, Map<String, Map<String, String>> secrets, Path files) {
        Map<String, Object> container = container(deployment);
        Map<String, String> env = new LinkedHashMap<>();
        for (Object o : list(container.getOrDefault("envFrom", List.of()))) {
            Map<String, Object> from = map(o);
            if (from.containsKey("configMapRef")) {
                String name = (String) map(from.get("configMapRef")).get("name");
                map(one("ConfigMap", name).getOrDefault("data", Map.of())).forEach((k, v) -> env.put(k, String.valueOf(v)));
            } else if (from.containsKey("secretRef")) {
                String name = (String) map(from.get("secretRef")).get("name");
                env.putAll(secret(secrets, name));
            }
        }
        for (Object o : list(container.getOrDefault("env", List.of()))) {
            Map<String, Object> e = map(o);
            String name = (String) e.get("name");
            if (e.containsKey("value")) {
                env.put(name, String.valueOf(e.get("value")));
            } else {
                Map<String, Object> from = map(e.get("valueFrom"));
                if (from.containsKey("secretKeyRef")) {
                    Map<String, Object> ref = map(from.get("secretKeyRef"));
                    String value = secret(secrets, (String) ref.get("name")).get((String) ref.get("key"));
                    if (value == null) {
                        throw new IllegalStateException(deployment + " wants key " + ref.get("key") + " of Secret "
                                + ref.get("name") + ", which has only " + secret(secrets, (String) ref.get("name")).keySet());
                    }
                    env.put(name, value);
                } else if (from.containsKey("configMapKeyRef")) {
                    Map<String, Object> ref = map(from.get("configMapKeyRef"));
                    env.put(name, String.valueOf(map(one("ConfigMap", (String) ref.get("name")).get("data")).get(ref.get("key"))));
                } else {
                    throw new IllegalStateException(deployment + ": unsupported valueFrom " + from);
                }
            }
        }
        // Secret volumes: write each mounted key to a file of ours and point the environment at it.
        Map<String, Map<String, Object>> volumes = new LinkedHashMap<>();
        for (Object o : list(at(one("Deployment", deployment), "spec", "template", "spec", "volumes"))) {
            volumes.put((String) map(o).get("name"), map(o));
        }
        for (Object o : list(container.getOrDefault("volumeMounts", List.of()))) {
            Map<String, Object> mount = map(o);
            Map<String, Object> volume = volumes.get(mount.get("name"));
            if (volume == null || !volume.containsKey("secret")) {
                continue;
            }
            String secretName = (String) map(volume.get("secret")).get("secretName");
            String mountPath = (String) mount.get("mountPath");
            Path dir = files.resolve(deployment).resolve((String) mount.get("name"));
            try {
                Files.createDirectories(dir);
                Map<String, String> keys = secret(secrets, secretName);
                List<Object> items = list(map(volume.get("secret")).getOrDefault("items", List.of()));
                if (items.isEmpty()) {
                    for (var k : keys.entrySet()) {
                        Files.writeString(dir.resolve(k.getKey()), k.getValue());
                    }
                } else {
                    for (Object i : items) {
                        Map<String, Object> item = map(i);
                        String value = keys.get((String) item.get("key"));
                        if (value == null) {
                            throw new IllegalStateException("Secret " + secretName + " has no key " + item.get("key"));
                        }
                        Files.writeString(dir.resolve((String) item.get("path")), value);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            env.replaceAll((k, v) -> v.startsWith(mountPath + "/") ? dir + v.substring(mountPath.length()) : v);
        }
        return env;
    }

    private static Map<String, String> secret(Map<String, Map<String, String>> secrets, String name) {
        Map<String, String> secret = secrets.get(name);
        if (secret == null) {
            throw new IllegalStateException("No Secret " + name + " (the operators or deploy/apply.sh would make it)");
        }
        return secret;
    }

    static Object at(Map<String, Object> doc, String... path) {
        Object current = doc;
        for (String p : path) {
            if (!(current instanceof Map<?, ?> m)) {
                return null;
            }
            current = m.get(p);
        }
        return current;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o) {
        return o == null ? Map.of() : (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object o) {
        return o == null ? List.of() : (List<Object>) o;
    }
}
