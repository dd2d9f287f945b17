package io.kept.eventstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** KEPT_DB_SSL_MODE and KEPT_DB_SSL_ROOT_CERT as the two database clients see them. */
class DatabaseTlsTest {

    @TempDir
    Path dir;

    /** The configuration as a service builds it: the library's defaults, the environment, and DatabaseTls. */
    private static SmallRyeConfig config(Map<String, String> environment, Map<String, String> applicationProperties) {
        Map<String, String> library = Map.of(
                DatabaseTls.MODE, "${KEPT_DB_SSL_MODE:disable}",
                DatabaseTls.ROOT_CERT, "${KEPT_DB_SSL_ROOT_CERT:}");
        return new SmallRyeConfigBuilder()
                .addDefaultInterceptors()
                .withSources(new PropertiesConfigSource(library, "microprofile-config.properties", 100))
                .withSources(new PropertiesConfigSource(applicationProperties, "application.properties", 250))
                .withSources(new PropertiesConfigSource(environment, "environment", 300))
                .withSources(new DatabaseTls())
                .build();
    }

    private static String value(SmallRyeConfig config, String name) {
        return config.getOptionalValue(name, String.class).orElse(null);
    }

    @Test
    void byDefaultNeitherClientUsesTls() {
        SmallRyeConfig config = config(Map.of(), Map.of());
        assertThat(value(config, "quarkus.datasource.reactive.postgresql.ssl-mode")).isEqualTo("disable");
        assertThat(value(config, "quarkus.datasource.jdbc.additional-jdbc-properties.sslmode")).isEqualTo("disable");
        assertThat(value(config, "quarkus.datasource.reactive.trust-certificate-pem")).isNull();
    }

    @Test
    void verifyFullTrustsTheGivenCaAndChecksTheHostInBothClients() throws IOException {
        Path ca = Files.writeString(dir.resolve("ca.crt"), "-----BEGIN CERTIFICATE-----\n");
        SmallRyeConfig config = config(Map.of("KEPT_DB_SSL_MODE", "verify-full", "KEPT_DB_SSL_ROOT_CERT", ca.toString()),
                Map.of());
        assertThat(value(config, "quarkus.datasource.reactive.postgresql.ssl-mode")).isEqualTo("verify-full");
        assertThat(value(config, "quarkus.datasource.reactive.trust-certificate-pem")).isEqualTo("true");
        assertThat(value(config, "quarkus.datasource.reactive.trust-certificate-pem.certs")).isEqualTo(ca.toString());
        assertThat(value(config, "quarkus.datasource.reactive.hostname-verification-algorithm")).isEqualTo("HTTPS");
        assertThat(value(config, "quarkus.datasource.reactive.trust-all")).isNull();
        assertThat(value(config, "quarkus.datasource.jdbc.additional-jdbc-properties.sslmode")).isEqualTo("verify-full");
        assertThat(value(config, "quarkus.datasource.jdbc.additional-jdbc-properties.sslrootcert")).isEqualTo(ca.toString());
        assertThat(config.getPropertyNames()).contains("quarkus.datasource.jdbc.additional-jdbc-properties.sslrootcert");
    }

    @Test
    void verifyCaChecksTheCertificateButNotTheHost() throws IOException {
        Path ca = Files.writeString(dir.resolve("ca.crt"), "x");
        SmallRyeConfig config = config(Map.of("KEPT_DB_SSL_MODE", "verify-ca", "KEPT_DB_SSL_ROOT_CERT", ca.toString()),
                Map.of());
        assertThat(value(config, "quarkus.datasource.reactive.trust-certificate-pem.certs")).isEqualTo(ca.toString());
        assertThat(value(config, "quarkus.datasource.reactive.hostname-verification-algorithm")).isNull();
    }

    @Test
    void requireWithoutACaEncryptsWithoutCheckingTheCertificateAsLibpqDoes() {
        SmallRyeConfig config = config(Map.of("KEPT_DB_SSL_MODE", "require"), Map.of());
        assertThat(value(config, "quarkus.datasource.reactive.trust-all")).isEqualTo("true");
        assertThat(value(config, "quarkus.datasource.jdbc.additional-jdbc-properties.sslfactory"))
                .isEqualTo("org.postgresql.ssl.NonValidatingFactory");
    }

    @Test
    void anExplicitQuarkusSettingInApplicationPropertiesWins() {
        Map<String, String> application = new HashMap<>();
        application.put("quarkus.datasource.reactive.postgresql.ssl-mode", "prefer");
        SmallRyeConfig config = config(Map.of("KEPT_DB_SSL_MODE", "require"), application);
        assertThat(value(config, "quarkus.datasource.reactive.postgresql.ssl-mode")).isEqualTo("prefer");
        assertThat(value(config, "quarkus.datasource.jdbc.additional-jdbc-properties.sslmode")).isEqualTo("require");
    }

    @Test
    void aModeThatIsNotLibpqsOrACaThatIsNotThereIsRefusedNamingTheVariable() {
        assertThatThrownBy(() -> config(Map.of("KEPT_DB_SSL_MODE", "verify"), Map.of()))
                .hasStackTraceContaining("KEPT_DB_SSL_MODE=verify is not one of");
        assertThatThrownBy(() -> config(Map.of("KEPT_DB_SSL_MODE", "verify-full", "KEPT_DB_SSL_ROOT_CERT",
                dir.resolve("missing.crt").toString()), Map.of()))
                .hasStackTraceContaining("KEPT_DB_SSL_ROOT_CERT=" + dir.resolve("missing.crt") + ": no such readable file");
    }
}
