package io.kept.testkit;

import io.kept.events.Roles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.lang.JoseException;

/**
 * Development and test bearer tokens: an RS256 key pair in a folder ({@code private.pem}, {@code public.pem})
 * and tokens signed with it, in the shape the services verify (issuer, audience {@value #AUDIENCE}, the
 * roles in {@code groups}, the name in {@code upn}). Never a production key: {@code ./kept up} makes one
 * under {@code .kept/jwt}, tests one in the temporary folder.
 */
public final class Tokens {

    public static final String AUDIENCE = "kept";
    /** The issuer of ./kept's development tokens. */
    public static final String LOCAL_ISSUER = "kept-local";
    /** The issuer of the tests' tokens. */
    public static final String TEST_ISSUER = "kept-test";

    private static volatile String testToken;

    private Tokens() {
    }

    /** The tests' key folder, shared by every test JVM and the services they start on this machine. */
    public static Path testKeys() {
        return ensureKeys(Path.of(System.getProperty("java.io.tmpdir"), "kept-test-jwt-" + System.getProperty("user.name")));
    }

    /** A test token with every role, named {@code test}. */
    public static String test() {
        String token = testToken;
        if (token == null) {
            token = test("test", Roles.ALL);
            testToken = token;
        }
        return token;
    }

    public static String test(String subject, Collection<String> roles) {
        return sign(testKeys(), TEST_ISSUER, subject, roles, Duration.ofHours(2));
    }

    public static Path publicKey(Path keys) {
        return keys.resolve("public.pem");
    }

    /** Creates an RSA key pair in {@code dir} unless it holds one; safe when several processes race. */
    public static synchronized Path ensureKeys(Path dir) {
        if (Files.isRegularFile(publicKey(dir)) && Files.isRegularFile(dir.resolve("private.pem"))) {
            return dir;
        }
        try {
            Path parent = dir.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Path staging = Files.createTempDirectory(parent, ".jwt-");
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair pair = generator.generateKeyPair();
            Path key = staging.resolve("private.pem");
            Files.writeString(key, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
            try {
                Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException notPosix) {
                // Not a POSIX file system: the folder's own permissions apply.
            }
            Files.writeString(staging.resolve("public.pem"), pem("PUBLIC KEY", pair.getPublic().getEncoded()));
            try {
                Files.move(staging, dir, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException raced) {
                // Another process made the folder first (or an empty one existed): keep the keys it holds.
                if (!Files.isRegularFile(publicKey(dir)) || !Files.isRegularFile(dir.resolve("private.pem"))) {
                    Files.createDirectories(dir);
                    Files.move(key, dir.resolve("private.pem"), StandardCopyOption.REPLACE_EXISTING);
                    Files.move(staging.resolve("public.pem"), publicKey(dir), StandardCopyOption.REPLACE_EXISTING);
                }
                deleteQuietly(staging);
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not create a signing key in " + dir, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A token signed with the private key in {@code keys}, expiring {@code ttl} from now (a negative one: already expired). */
    public static String sign(Path keys, String issuer, String subject, Collection<String> roles, Duration ttl) {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(issuer);
        claims.setAudience(AUDIENCE);
        claims.setSubject(subject);
        claims.setClaim("upn", subject);
        claims.setStringListClaim("groups", List.copyOf(roles));
        claims.setIssuedAtToNow();
        claims.setExpirationTime(NumericDate.fromMilliseconds(System.currentTimeMillis() + ttl.toMillis()));
        claims.setJwtId(UUID.randomUUID().toString());
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(privateKey(keys));
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        jws.setHeader("typ", "JWT");
        try {
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException("Could not sign a token", e);
        }
    }

    private static PrivateKey privateKey(Path keys) {
        Path file = keys.resolve("private.pem");
        try {
            String pem = Files.readString(file, StandardCharsets.US_ASCII)
                    .replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)));
        } catch (IOException e) {
            throw new UncheckedIOException("No signing key at " + file + " (./kept up creates it)", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Not an RSA private key: " + file, e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der) + "\n-----END " + type + "-----\n";
    }

    private static void deleteQuietly(Path dir) {
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.deleteIfExists(f);
            }
            Files.deleteIfExists(dir);
        } catch (IOException ignored) {
            // A leftover staging folder is harmless.
        }
    }
}
