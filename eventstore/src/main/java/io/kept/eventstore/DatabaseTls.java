package io.kept.eventstore;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * One pair of settings for TLS to PostgreSQL, {@code KEPT_DB_SSL_MODE} and {@code KEPT_DB_SSL_ROOT_CERT}, turned into
 * what each of the service's two clients needs: the reactive client (every query) and JDBC (Flyway's migrations).
 * Their keys differ, and some follow from others: a CA to trust only when one is given, hostname verification only
 * in {@code verify-full}, and, as libpq does, no certificate check at all in {@code require} without a CA.
 *
 * <p>The modes are libpq's: {@code disable} (the default, for the embedded PostgreSQL of {@code ./kept up} and the
 * tests), {@code allow}, {@code prefer}, {@code require}, {@code verify-ca} and {@code verify-full} (the server's
 * certificate signed by the CA and naming the host of {@code KEPT_DB_URL}; what {@code deploy/} uses, with
 * CloudNativePG's CA). Its ordinal sits below {@code application.properties}, so an explicit
 * {@code quarkus.datasource.*} setting there still wins.
 */
public class DatabaseTls implements ConfigSourceFactory {

    static final String MODE = "kept.db.ssl-mode";
    static final String ROOT_CERT = "kept.db.ssl-root-cert";
    private static final List<String> MODES = List.of("disable", "allow", "prefer", "require", "verify-ca", "verify-full");
    private static final int ORDINAL = 200;

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        return List.of(new PropertiesConfigSource(settings(value(context, MODE), value(context, ROOT_CERT)),
                "kept database TLS (KEPT_DB_SSL_MODE, KEPT_DB_SSL_ROOT_CERT)", ORDINAL));
    }

    @Override
    public OptionalInt getPriority() {
        return OptionalInt.of(ORDINAL);
    }

    /** The Quarkus datasource settings for a mode and a CA file (either may be null or blank). */
    static Map<String, String> settings(String mode, String rootCert) {
        String sslMode = mode == null || mode.isBlank() ? "disable" : mode.trim().toLowerCase();
        if (!MODES.contains(sslMode)) {
            throw new IllegalArgumentException("KEPT_DB_SSL_MODE=" + mode + " is not one of " + String.join(", ", MODES));
        }
        String ca = rootCert == null || rootCert.isBlank() ? null : rootCert.trim();
        Map<String, String> settings = new HashMap<>();
        settings.put("quarkus.datasource.reactive.postgresql.ssl-mode", sslMode);
        settings.put("quarkus.datasource.jdbc.additional-jdbc-properties.sslmode", sslMode);
        if (sslMode.equals("disable")) {
            return settings;
        }
        boolean verify = sslMode.startsWith("verify-");
        if (ca != null) {
            if (!Files.isReadable(Path.of(ca))) {
                throw new IllegalArgumentException("KEPT_DB_SSL_ROOT_CERT=" + ca
                        + ": no such readable file (the PEM of the CA that signed PostgreSQL's certificate)");
            }
            settings.put("quarkus.datasource.reactive.trust-certificate-pem", "true");
            settings.put("quarkus.datasource.reactive.trust-certificate-pem.certs", ca);
            settings.put("quarkus.datasource.jdbc.additional-jdbc-properties.sslrootcert", ca);
        } else if (!verify) {
            // libpq's require (and allow, prefer): encrypted, the certificate not checked.
            settings.put("quarkus.datasource.reactive.trust-all", "true");
            settings.put("quarkus.datasource.jdbc.additional-jdbc-properties.sslfactory",
                    "org.postgresql.ssl.NonValidatingFactory");
        }
        // verify-ca and verify-full without a CA trust the JVM's own trust store (a public CA).
        if (sslMode.equals("verify-full")) {
            settings.put("quarkus.datasource.reactive.hostname-verification-algorithm", "HTTPS");
        }
        return settings;
    }

    private static String value(ConfigSourceContext context, String name) {
        ConfigValue value = context.getValue(name);
        return value == null ? null : value.getValue();
    }
}
