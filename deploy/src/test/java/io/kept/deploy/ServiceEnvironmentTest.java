package io.kept.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Each service gets every environment variable its configuration reads, and none it does not. */
class ServiceEnvironmentTest {

    static Iterable<String> services() {
        return ServiceConfig.SERVICES;
    }

    @ParameterizedTest
    @MethodSource("services")
    void everyEnvironmentVariableTheServiceReadsIsSet(String service) {
        ServiceConfig config = ServiceConfig.of(service);
        assertThat(config.environmentReferences()).as("what %s reads", service)
                .contains("KEPT_DB_URL", "KEPT_DB_USER", "KEPT_DB_PASSWORD", "KEPT_KAFKA_BOOTSTRAP");
        SoftAssertions soft = new SoftAssertions();
        for (String kustomization : Manifests.OVERLAYS) {
            Map<String, String> env = environment(kustomization, service);
            for (String variable : config.environmentReferences()) {
                soft.assertThat(env).as("%s %s: %s (read by its configuration)", kustomization, service, variable)
                        .containsKey(variable);
            }
        }
        soft.assertAll();
    }

    @ParameterizedTest
    @MethodSource("services")
    void everyKeptVariableSetIsOneTheServiceReads(String service) {
        ServiceConfig config = ServiceConfig.of(service);
        SoftAssertions soft = new SoftAssertions();
        for (String kustomization : Manifests.OVERLAYS) {
            environment(kustomization, service).keySet().stream()
                    .filter(v -> v.startsWith("KEPT_") || v.startsWith("QUARKUS_") || v.startsWith("MP_"))
                    .forEach(v -> soft.assertThat(config.reads(v))
                            .as("%s %s sets %s, which no configuration key of the service reads", kustomization, service, v)
                            .isTrue());
        }
        soft.assertAll();
    }

    @ParameterizedTest
    @MethodSource("services")
    void theServiceConnectsToItsOwnDatabaseWithItsOwnRoleAndToTheKafkaBootstrap(String service) {
        String db = service.replace("-service", "");
        SoftAssertions soft = new SoftAssertions();
        for (String kustomization : Manifests.OVERLAYS) {
            Map<String, String> env = environment(kustomization, service);
            soft.assertThat(env.get("KEPT_DB_URL")).as("%s %s KEPT_DB_URL", kustomization, service)
                    .isEqualTo("postgresql://kept-db-rw:5432/" + db);
            soft.assertThat(env.get("KEPT_DB_USER")).isEqualTo("secret kept-db-" + db + "/username");
            soft.assertThat(env.get("KEPT_DB_PASSWORD")).isEqualTo("secret kept-db-" + db + "/password");
            soft.assertThat(env.get("KEPT_KAFKA_BOOTSTRAP")).isEqualTo("kept-kafka-bootstrap:9092");
            soft.assertThat(Manifests.find(kustomization, "Database", "kept-db-" + db))
                    .as("%s: a Database for %s", kustomization, service).isPresent();
        }
        soft.assertAll();
    }

    /** deploy/README.md documents every variable the manifests set, under the service's name. */
    @ParameterizedTest
    @MethodSource("services")
    void everyVariableSetIsInTheReadmeTable(String service) throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        Set<String> documented = new TreeSet<>();
        for (String line : readme.split("\n")) {
            if (line.startsWith("|") && (line.contains(service) || line.contains("all services"))) {
                var m = java.util.regex.Pattern.compile("`([A-Z][A-Z0-9_]+)`").matcher(line);
                while (m.find()) {
                    documented.add(m.group(1));
                }
            }
        }
        Set<String> set = new TreeSet<>(environment("overlays/prod", service).keySet());
        assertThat(documented).as("variables deploy/README.md documents for %s", service).containsAll(set);
    }

    /** The container's environment: literal values, "secret NAME/KEY" for secret references, ConfigMap keys via envFrom. */
    static Map<String, String> environment(String kustomization, String service) {
        Container c = Manifests.deployment(kustomization, service).getSpec().getTemplate().getSpec().getContainers().get(0);
        Map<String, String> env = new TreeMap<>();
        for (EnvFromSource from : c.getEnvFrom()) {
            if (from.getConfigMapRef() != null) {
                ConfigMap cm = Manifests.configMap(kustomization, from.getConfigMapRef().getName())
                        .orElseThrow(() -> new AssertionError(kustomization + " " + service + ": envFrom ConfigMap "
                                + from.getConfigMapRef().getName() + " is not in the manifests"));
                cm.getData().forEach((k, v) -> env.put((from.getPrefix() == null ? "" : from.getPrefix()) + k, v));
            }
        }
        for (EnvVar v : c.getEnv()) {
            if (v.getValueFrom() != null && v.getValueFrom().getSecretKeyRef() != null) {
                env.put(v.getName(), "secret " + v.getValueFrom().getSecretKeyRef().getName() + "/"
                        + v.getValueFrom().getSecretKeyRef().getKey());
            } else {
                env.put(v.getName(), v.getValue());
            }
        }
        return env;
    }
}
