package io.kept.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Every manifest, as rendered and as written, is a valid instance of its typed model. */
class SchemaTest {

    @ParameterizedTest
    @ValueSource(strings = {"base", "kafka", "postgres", "overlays/dev", "overlays/prod"})
    void everyRenderedDocumentParsesIntoItsModelWithNoUnknownField(String kustomization) {
        List<Map<String, Object>> docs = Manifests.rendered(kustomization);
        assertThat(docs).isNotEmpty();
        for (Map<String, Object> doc : docs) {
            assertThatCode(() -> Models.parse(doc)).as("%s: %s %s", kustomization, Models.key(doc), Kustomize.name(doc))
                    .doesNotThrowAnyException();
        }
    }

    static Stream<Path> files() {
        return Manifests.files().stream();
    }

    /** Patches too: a misspelt field in a patch would otherwise be added to the rendered object silently. */
    @ParameterizedTest
    @MethodSource("files")
    void everyFileParsesIntoItsModelWithNoUnknownField(Path file) {
        List<Map<String, Object>> docs = Kustomize.readAll(file);
        assertThat(docs).as("%s", file).isNotEmpty();
        for (Map<String, Object> doc : docs) {
            assertThat(Models.known(doc)).as("%s: a model for %s", file, Models.key(doc)).isTrue();
            assertThatCode(() -> Models.parse(doc)).as("%s", file).doesNotThrowAnyException();
        }
    }

    @Test
    void aMisspeltFieldIsRejected() {
        Map<String, Object> doc = Kustomize.readAll("""
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: x}
                spec:
                  template:
                    spec:
                      containers:
                        - name: app
                          readinesProbe: {httpGet: {path: /q/health/ready, port: http}}
                """).get(0);
        assertThatCode(() -> Models.parse(doc)).hasMessageContaining("readinesProbe");
    }

    static boolean kubectlAvailable() {
        return Kustomize.onPath("kubectl");
    }

    /** The built-in renderer CI falls back to must render what kubectl renders. */
    @ParameterizedTest
    @ValueSource(strings = {"base", "kafka", "postgres", "overlays/dev", "overlays/prod"})
    @EnabledIf("kubectlAvailable")
    void builtinRendererAgreesWithKubectl(String kustomization) {
        Path dir = Manifests.KUBERNETES.resolve(kustomization);
        assertThat(canonical(Kustomize.render(dir, "builtin"))).isEqualTo(canonical(Kustomize.render(dir, "kubectl")));
    }

    private static List<String> canonical(List<Map<String, Object>> docs) {
        return docs.stream()
                .map(d -> Kustomize.JSON.convertValue(d, com.fasterxml.jackson.databind.JsonNode.class))
                .map(n -> {
                    try {
                        return Kustomize.JSON.copy()
                                .configure(com.fasterxml.jackson.databind.SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true)
                                .writeValueAsString(Kustomize.JSON.convertValue(n, Object.class));
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                })
                .sorted(Comparator.naturalOrder())
                .toList();
    }
}
