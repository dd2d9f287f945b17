package io.kept.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The burn-rate rules Kept ships (base/monitoring/prometheusrule.yaml), checked and unit-tested by promtool, the
 * way Prometheus itself will read them: {@code promtool check rules} on the PrometheusRule's groups, and
 * {@code promtool test rules} on synthetic series that must and must not fire
 * (src/test/prometheus/kept-rules-test.yaml). promtool comes with Debian's {@code prometheus} package, which
 * {@code .ci/run} installs.
 */
class AlertRulesTest {

    private static final Path WORK = Path.of("target", "prometheus").toAbsolutePath();

    @SuppressWarnings("unchecked")
    private static Path rules() throws IOException {
        Map<String, Object> rule = Manifests.find("base", "PrometheusRule", "kept-error-budgets")
                .orElseThrow(() -> new AssertionError("base: no PrometheusRule kept-error-budgets"));
        Files.createDirectories(WORK);
        Path file = WORK.resolve("kept-rules.yaml");
        new YAMLMapper().writeValue(file.toFile(), Map.of("groups", ((Map<String, Object>) rule.get("spec")).get("groups")));
        return file;
    }

    private static String promtool(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("promtool"));
        command.addAll(List.of(args));
        Process process;
        try {
            process = new ProcessBuilder(command).directory(WORK.toFile()).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new AssertionError("promtool is not on the PATH: install Debian's prometheus package"
                    + " (apt-get install prometheus), as .ci/run does", e);
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("promtool finished").isTrue();
        assertThat(process.exitValue()).as("promtool %s:%n%s", String.join(" ", args), output).isZero();
        return output;
    }

    @Test
    void prometheusAcceptsTheRules() throws Exception {
        assertThat(promtool("check", "rules", rules().getFileName().toString())).contains("SUCCESS: 17 rules found");
    }

    @Test
    void theAlertsFireOnTheSeriesThatMustFireAndOnNoOther() throws Exception {
        rules();
        Path test = Files.copy(Path.of("src", "test", "prometheus", "kept-rules-test.yaml"),
                WORK.resolve("kept-rules-test.yaml"), StandardCopyOption.REPLACE_EXISTING);
        assertThat(promtool("test", "rules", test.getFileName().toString())).contains("SUCCESS");
    }

    @Test
    void noRuleNamesAGuarantee() throws Exception {
        // Guarantees are defined at run time: a rule that named one would miss every other.
        String text = Files.readString(rules());
        assertThat(text).contains("by (guarantee)").doesNotContain("guarantee=", "guarantee!=", "guarantee=~");
    }
}
