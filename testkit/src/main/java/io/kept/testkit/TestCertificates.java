package io.kept.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A certificate authority and a server certificate it signed, made with the JDK's keytool: PEM files a TLS server
 * (PostgreSQL) and its clients read, valid for two days. Nothing here is a secret worth keeping.
 */
public final class TestCertificates {

    private static final String PASSWORD = "changeit";

    /** The CA's certificate, the server's certificate and the server's unencrypted PKCS#8 key, as PEM files. */
    public record ServerCertificate(Path caCertificate, Path certificate, Path privateKey) {
    }

    private final Path dir;

    private TestCertificates(Path dir) {
        this.dir = dir;
    }

    /** A new CA whose files live in {@code dir}. */
    public static TestCertificates authority(Path dir, String name) {
        TestCertificates ca = new TestCertificates(dir);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ca.keytool("-genkeypair", "-alias", "ca", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=" + name, "-ext", "bc:c", "-keystore", ca.store("ca"), "-storetype", "PKCS12",
                "-storepass", PASSWORD);
        ca.keytool("-exportcert", "-rfc", "-alias", "ca", "-keystore", ca.store("ca"), "-storepass", PASSWORD,
                "-file", dir.resolve("ca.crt").toString());
        return ca;
    }

    public Path caCertificate() {
        return dir.resolve("ca.crt");
    }

    /** A server certificate for {@code dnsName} alone (no IP address: a client that checks the host must use the name). */
    public ServerCertificate server(String dnsName) {
        return server("server", List.of(dnsName));
    }

    /**
     * A server certificate named {@code name} (its files {@code <name>.crt} and {@code <name>.key}, so one CA may sign
     * several) for every one of {@code dnsNames} (subject alternative names; the first is also the common name).
     */
    public ServerCertificate server(String name, List<String> dnsNames) {
        if (dnsNames.isEmpty() || !name.matches("[a-z0-9-]+")) {
            throw new IllegalArgumentException("A plain name and at least one DNS name, not " + name + " " + dnsNames);
        }
        String dnsName = dnsNames.get(0);
        String san = "san=" + String.join(",", dnsNames.stream().map(d -> "dns:" + d).toList());
        String store = store(name);
        keytool("-genkeypair", "-alias", "server", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=" + dnsName, "-keystore", store, "-storetype", "PKCS12", "-storepass", PASSWORD);
        Path csr = dir.resolve(name + ".csr");
        keytool("-certreq", "-alias", "server", "-keystore", store, "-storepass", PASSWORD, "-file", csr.toString());
        Path certificate = dir.resolve(name + ".crt");
        keytool("-gencert", "-alias", "ca", "-keystore", store("ca"), "-storepass", PASSWORD, "-infile", csr.toString(),
                "-outfile", certificate.toString(), "-rfc", "-validity", "2", "-ext", san,
                "-ext", "ku:c=digitalSignature,keyEncipherment", "-ext", "eku=serverAuth");
        Path key = dir.resolve(name + ".key");
        try (InputStream in = Files.newInputStream(Path.of(store))) {
            KeyStore keyStore = KeyStore.getInstance("PKCS12");
            keyStore.load(in, PASSWORD.toCharArray());
            PrivateKey privateKey = (PrivateKey) keyStore.getKey("server", PASSWORD.toCharArray());
            String pem = "-----BEGIN PRIVATE KEY-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(privateKey.getEncoded())
                    + "\n-----END PRIVATE KEY-----\n";
            Files.writeString(key, pem);
            // PostgreSQL refuses a key that others may read.
            Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        return new ServerCertificate(caCertificate(), certificate, key);
    }

    private String store(String name) {
        return dir.resolve(name + ".p12").toString();
    }

    private void keytool(String... arguments) {
        Path java = Path.of(ProcessHandle.current().info().command().orElse("java"));
        Path keytool = java.resolveSibling("keytool");
        List<String> command = new ArrayList<>();
        command.add(Files.isExecutable(keytool) ? keytool.toString() : "keytool");
        command.addAll(List.of(arguments));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("keytool " + String.join(" ", arguments) + " failed: " + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
