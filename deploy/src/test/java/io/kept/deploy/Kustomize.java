package io.kept.deploy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
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
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Renders a kustomization into its documents: with {@code kubectl kustomize} (or {@code kustomize build}) when
 * either is on the PATH, otherwise with a small built-in renderer that understands exactly what Kept's
 * kustomizations use (resources, namespace, labels, replicas, strategic-merge patches with a target). The
 * built-in one keeps the validation running on machines without kubectl; {@code KustomizeTest} checks it
 * renders the same as kubectl wherever both exist. {@code -Dkept.deploy.renderer=builtin|kubectl|kustomize}
 * forces one.
 */
final class Kustomize {

    static final ObjectMapper YAML = new YAMLMapper(new YAMLFactory());
    static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private Kustomize() {
    }

    /** The renderer used when none is forced: kubectl, then kustomize, then the built-in one. */
    static String defaultRenderer() {
        String forced = System.getProperty("kept.deploy.renderer", "");
        if (!forced.isBlank()) {
            return forced;
        }
        if (onPath("kubectl")) {
            return "kubectl";
        }
        return onPath("kustomize") ? "kustomize" : "builtin";
    }

    static List<Map<String, Object>> render(Path dir) {
        return render(dir, defaultRenderer());
    }

    static List<Map<String, Object>> render(Path dir, String renderer) {
        return switch (renderer) {
            case "kubectl" -> readAll(run(List.of("kubectl", "kustomize", dir.toString())));
            case "kustomize" -> readAll(run(List.of("kustomize", "build", dir.toString())));
            case "builtin" -> builtin(dir);
            default -> throw new IllegalArgumentException("unknown renderer " + renderer);
        };
    }

    static boolean onPath(String command) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }

    /** Every YAML document of a string, as maps; empty documents are left out. */
    static List<Map<String, Object>> readAll(String yaml) {
        try (var parser = YAML.getFactory().createParser(yaml)) {
            List<Map<String, Object>> docs = new ArrayList<>();
            var it = YAML.readValues(parser, MAP);
            while (it.hasNext()) {
                Map<String, Object> doc = it.next();
                if (doc != null && !doc.isEmpty()) {
                    docs.add(doc);
                }
            }
            return docs;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Map<String, Object>> readAll(Path file) {
        try {
            return readAll(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String run(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(false).start();
            var out = p.getInputStream().readAllBytes();
            var err = p.getErrorStream().readAllBytes();
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: "
                        + new String(err, StandardCharsets.UTF_8));
            }
            return new String(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    // ------------------------------------------------------------------------------------------
    // The built-in renderer.

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> builtin(Path dir) {
        Map<String, Object> k = readAll(dir.resolve("kustomization.yaml")).get(0);
        List<Map<String, Object>> docs = new ArrayList<>();
        for (Object r : (List<Object>) k.getOrDefault("resources", List.of())) {
            Path p = dir.resolve((String) r).normalize();
            docs.addAll(Files.isDirectory(p) ? builtin(p) : readAll(p));
        }
        for (String key : k.keySet()) {
            if (!List.of("apiVersion", "kind", "resources", "namespace", "labels", "replicas", "patches").contains(key)) {
                throw new IllegalStateException(dir + ": the built-in renderer does not know '" + key
                        + "'; render with kubectl or teach Kustomize.java");
            }
        }
        for (Map<String, Object> patch : (List<Map<String, Object>>) k.getOrDefault("patches", List.of())) {
            Map<String, Object> body = patch.containsKey("path")
                    ? readAll(dir.resolve((String) patch.get("path"))).get(0)
                    : readAll((String) patch.get("patch")).get(0);
            Map<String, Object> target = (Map<String, Object>) patch.getOrDefault("target", Map.of(
                    "kind", body.get("kind"), "name", ((Map<String, Object>) body.get("metadata")).get("name")));
            int matched = 0;
            for (int i = 0; i < docs.size(); i++) {
                Map<String, Object> doc = docs.get(i);
                if (matches(doc, target)) {
                    Map<String, Object> patched = deepCopy(doc);
                    Map<String, Object> b = deepCopy(body);
                    b.remove("metadata");
                    b.remove("apiVersion");
                    b.remove("kind");
                    merge(patched, b, builtIn(doc));
                    docs.set(i, patched);
                    matched++;
                }
            }
            if (matched == 0) {
                throw new IllegalStateException(dir + ": patch " + patch + " matches nothing");
            }
        }
        for (Map<String, Object> r : (List<Map<String, Object>>) k.getOrDefault("replicas", List.of())) {
            docs.stream()
                    .filter(d -> r.get("name").equals(name(d)) && d.get("kind").equals("Deployment"))
                    .forEach(d -> ((Map<String, Object>) d.get("spec")).put("replicas", r.get("count")));
        }
        if (k.containsKey("namespace")) {
            docs.stream().filter(d -> !"Namespace".equals(d.get("kind")))
                    .forEach(d -> metadata(d).put("namespace", k.get("namespace")));
        }
        for (Map<String, Object> l : (List<Map<String, Object>>) k.getOrDefault("labels", List.of())) {
            Map<String, Object> pairs = (Map<String, Object>) l.get("pairs");
            docs.forEach(d -> ((Map<String, Object>) metadata(d).computeIfAbsent("labels", x -> new LinkedHashMap<>()))
                    .putAll(pairs));
        }
        return docs;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> metadata(Map<String, Object> doc) {
        return (Map<String, Object>) doc.computeIfAbsent("metadata", x -> new LinkedHashMap<>());
    }

    static String name(Map<String, Object> doc) {
        return (String) metadata(doc).get("name");
    }

    private static boolean matches(Map<String, Object> doc, Map<String, Object> target) {
        return Objects.equals(doc.get("kind"), target.get("kind"))
                && (!target.containsKey("name") || Objects.equals(name(doc), target.get("name")));
    }

    /** Kubernetes' own kinds, which kustomize patches by strategic merge; custom resources it patches as JSON merge. */
    private static final Set<String> BUILT_IN_API_VERSIONS = Set.of("v1", "apps/v1", "batch/v1", "policy/v1",
            "autoscaling/v2", "networking.k8s.io/v1", "rbac.authorization.k8s.io/v1");

    private static boolean builtIn(Map<String, Object> doc) {
        return BUILT_IN_API_VERSIONS.contains(String.valueOf(doc.get("apiVersion")));
    }

    /**
     * A patch as kustomize applies what Kept patches: maps merge; in Kubernetes' own kinds lists of named maps merge
     * by name (strategic merge, the patch's new items first, as kubectl puts them), in custom resources (Strimzi,
     * CloudNativePG) a list in the patch replaces the list (JSON merge patch, as they have no merge keys).
     */
    @SuppressWarnings("unchecked")
    private static void merge(Map<String, Object> into, Map<String, Object> patch, boolean strategic) {
        for (var e : patch.entrySet()) {
            Object old = into.get(e.getKey());
            Object val = e.getValue();
            if (old instanceof Map && val instanceof Map) {
                merge((Map<String, Object>) old, (Map<String, Object>) val, strategic);
            } else if (strategic && old instanceof List<?> ol && val instanceof List<?> vl && namedMaps(ol) && namedMaps(vl)) {
                List<Object> added = new ArrayList<>();
                for (Object v : vl) {
                    Map<String, Object> vm = (Map<String, Object>) v;
                    ol.stream().map(o -> (Map<String, Object>) o)
                            .filter(o -> Objects.equals(o.get("name"), vm.get("name")))
                            .findFirst()
                            .ifPresentOrElse(o -> merge(o, vm, true), () -> added.add(vm));
                }
                ((List<Object>) ol).addAll(0, added);
            } else {
                into.put(e.getKey(), val);
            }
        }
    }

    private static boolean namedMaps(List<?> list) {
        return !list.isEmpty() && list.stream().allMatch(o -> o instanceof Map<?, ?> m && m.containsKey("name"));
    }

    static Map<String, Object> deepCopy(Map<String, Object> doc) {
        return JSON.convertValue(doc, MAP);
    }
}
