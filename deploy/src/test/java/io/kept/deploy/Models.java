package io.kept.deploy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.user.KafkaUser;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Parses manifest documents into their typed models: fabric8 for Kubernetes and prometheus-operator kinds,
 * Strimzi's own API for Kafka kinds. A field a model does not know is an error (a typo such as
 * {@code readinesProbe} would otherwise be dropped silently by the API server). CloudNativePG publishes no Java
 * model; its kinds are checked against the fields Kept uses ({@link #CNPG_FIELDS}).
 */
final class Models {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true)
            .build();

    private static final Map<String, Class<?>> TYPED = Map.ofEntries(
            Map.entry("v1/Namespace", Namespace.class),
            Map.entry("v1/ConfigMap", ConfigMap.class),
            Map.entry("v1/Service", Service.class),
            Map.entry("v1/ServiceAccount", ServiceAccount.class),
            Map.entry("apps/v1/Deployment", Deployment.class),
            Map.entry("autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class),
            Map.entry("policy/v1/PodDisruptionBudget", PodDisruptionBudget.class),
            Map.entry("networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class),
            Map.entry("monitoring.coreos.com/v1/ServiceMonitor", ServiceMonitor.class),
            Map.entry("monitoring.coreos.com/v1/PrometheusRule", PrometheusRule.class),
            Map.entry("kafka.strimzi.io/v1beta2/Kafka", Kafka.class),
            Map.entry("kafka.strimzi.io/v1beta2/KafkaNodePool", KafkaNodePool.class),
            Map.entry("kafka.strimzi.io/v1beta2/KafkaTopic", KafkaTopic.class),
            Map.entry("kafka.strimzi.io/v1beta2/KafkaUser", KafkaUser.class));

    /** The spec fields Kept sets on CloudNativePG kinds (postgresql.cnpg.io/v1), as dotted paths; lists by "[]". */
    static final Map<String, Set<String>> CNPG_FIELDS = Map.of(
            "Cluster", Set.of("instances", "imageName", "primaryUpdateStrategy", "storage", "storage.size",
                    "resources", "resources.requests", "resources.requests.cpu", "resources.requests.memory",
                    "resources.limits", "resources.limits.cpu", "resources.limits.memory",
                    "postgresql", "postgresql.parameters", "postgresql.parameters.*", "postgresql.pg_hba",
                    "bootstrap", "bootstrap.initdb", "bootstrap.initdb.database", "bootstrap.initdb.owner",
                    "bootstrap.initdb.secret", "bootstrap.initdb.secret.name",
                    "managed", "managed.roles", "managed.roles[].name", "managed.roles[].ensure",
                    "managed.roles[].login", "managed.roles[].connectionLimit", "managed.roles[].passwordSecret",
                    "managed.roles[].passwordSecret.name",
                    "affinity", "affinity.enablePodAntiAffinity", "affinity.topologyKey",
                    "affinity.podAntiAffinityType"),
            "Database", Set.of("cluster", "cluster.name", "name", "owner", "ensure", "databaseReclaimPolicy"));

    private Models() {
    }

    static String key(Map<String, Object> doc) {
        return doc.get("apiVersion") + "/" + doc.get("kind");
    }

    static boolean known(Map<String, Object> doc) {
        return TYPED.containsKey(key(doc)) || "postgresql.cnpg.io/v1".equals(doc.get("apiVersion"))
                && CNPG_FIELDS.containsKey((String) doc.get("kind"));
    }

    /** The typed model of a document, or GenericKubernetesResource for CloudNativePG kinds. */
    static Object parse(Map<String, Object> doc) {
        Class<?> type = TYPED.get(key(doc));
        if (type != null) {
            Object model = MAPPER.convertValue(doc, type);
            List<String> unknown = new ArrayList<>();
            unknownFields(model, "", unknown, new IdentityHashMap<>());
            if (!unknown.isEmpty()) {
                throw new IllegalArgumentException(key(doc) + " " + Kustomize.name(doc) + ": unknown fields " + unknown);
            }
            return model;
        }
        if ("postgresql.cnpg.io/v1".equals(doc.get("apiVersion")) && CNPG_FIELDS.containsKey((String) doc.get("kind"))) {
            List<String> unknown = new ArrayList<>();
            Object spec = doc.get("spec");
            cnpgFields(spec, "", CNPG_FIELDS.get((String) doc.get("kind")), unknown);
            Set<String> top = Set.of("apiVersion", "kind", "metadata", "spec");
            doc.keySet().stream().filter(k -> !top.contains(k)).forEach(unknown::add);
            if (!unknown.isEmpty()) {
                throw new IllegalArgumentException(key(doc) + " " + Kustomize.name(doc) + ": unknown fields " + unknown);
            }
            return MAPPER.convertValue(doc, GenericKubernetesResource.class);
        }
        throw new IllegalArgumentException("no model for " + key(doc) + " " + Kustomize.name(doc));
    }

    @SuppressWarnings("unchecked")
    private static void cnpgFields(Object node, String path, Set<String> allowed, List<String> unknown) {
        if (node instanceof Map<?, ?> map) {
            for (var e : ((Map<String, Object>) map).entrySet()) {
                String p = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
                String wildcard = path + ".*";
                if (allowed.contains(wildcard)) {
                    continue;
                }
                if (!allowed.contains(p)) {
                    unknown.add("spec." + p);
                    continue;
                }
                cnpgFields(e.getValue(), p, allowed, unknown);
            }
        } else if (node instanceof List<?> list) {
            list.forEach(item -> cnpgFields(item, path + "[]", allowed, unknown));
        }
    }

    /** Walks a model and reports every non-empty additionalProperties map: the fields the model does not know. */
    private static void unknownFields(Object model, String path, List<String> out, Map<Object, Boolean> seen) {
        if (model == null || seen.put(model, Boolean.TRUE) != null) {
            return;
        }
        if (model instanceof Collection<?> c) {
            int i = 0;
            for (Object o : c) {
                unknownFields(o, path + "[" + i++ + "]", out, seen);
            }
            return;
        }
        if (model instanceof Map<?, ?> m) {
            m.forEach((k, v) -> unknownFields(v, path + "." + k, out, seen));
            return;
        }
        String pkg = model.getClass().getPackageName();
        if (!pkg.startsWith("io.fabric8") && !pkg.startsWith("io.strimzi")) {
            return;
        }
        for (Method m : model.getClass().getMethods()) {
            if (m.getParameterCount() != 0 || Modifier.isStatic(m.getModifiers()) || !m.getName().startsWith("get")
                    || m.getDeclaringClass() == Object.class) {
                continue;
            }
            Object value;
            try {
                value = m.invoke(model);
            } catch (IllegalAccessException | InvocationTargetException e) {
                continue;
            }
            if (m.getName().equals("getAdditionalProperties")) {
                if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    extra.keySet().forEach(k -> out.add((path.isEmpty() ? "" : path.substring(1) + ".") + k));
                }
                continue;
            }
            String field = Character.toLowerCase(m.getName().charAt(3)) + m.getName().substring(4);
            unknownFields(value, path + "." + field, out, seen);
        }
    }
}
