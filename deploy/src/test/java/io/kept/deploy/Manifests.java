package io.kept.deploy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/** The rendered kustomizations, rendered once per test JVM. */
final class Manifests {

    static final Path KUBERNETES = Path.of("kubernetes").toAbsolutePath();
    /** Every directory with a kustomization, relative to {@link #KUBERNETES}. */
    static final List<String> KUSTOMIZATIONS = List.of("base", "kafka", "postgres", "overlays/dev", "overlays/prod");
    /** What an ops team applies. */
    static final List<String> OVERLAYS = List.of("overlays/dev", "overlays/prod");

    private static final Map<String, List<Map<String, Object>>> RENDERED = new ConcurrentHashMap<>();

    private Manifests() {
    }

    static List<Map<String, Object>> rendered(String kustomization) {
        return RENDERED.computeIfAbsent(kustomization, k -> Kustomize.render(KUBERNETES.resolve(k)));
    }

    static List<Map<String, Object>> ofKind(String kustomization, String kind) {
        return rendered(kustomization).stream().filter(d -> kind.equals(d.get("kind"))).toList();
    }

    static Optional<Map<String, Object>> find(String kustomization, String kind, String name) {
        return ofKind(kustomization, kind).stream().filter(d -> name.equals(Kustomize.name(d))).findFirst();
    }

    static List<Deployment> deployments(String kustomization) {
        return ofKind(kustomization, "Deployment").stream().map(d -> (Deployment) Models.parse(d)).toList();
    }

    static Deployment deployment(String kustomization, String service) {
        return (Deployment) Models.parse(find(kustomization, "Deployment", service)
                .orElseThrow(() -> new AssertionError(kustomization + ": no Deployment " + service)));
    }

    static Optional<ConfigMap> configMap(String kustomization, String name) {
        return find(kustomization, "ConfigMap", name).map(d -> (ConfigMap) Models.parse(d));
    }

    /** Every YAML file under kubernetes/ except the kustomizations themselves. */
    static List<Path> files() {
        try (Stream<Path> files = Files.walk(KUBERNETES)) {
            return files.filter(f -> f.toString().endsWith(".yaml"))
                    .filter(f -> !f.getFileName().toString().equals("kustomization.yaml"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
