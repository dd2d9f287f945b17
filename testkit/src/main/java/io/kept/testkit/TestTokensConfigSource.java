package io.kept.testkit;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Makes every Quarkus test of a service trust the tests' key ({@link Tokens#testKeys()}), so tests call
 * the endpoints with real signed tokens ({@link Api}). Found through ServiceLoader; testkit is on no
 * service's runtime class path, so nothing outside tests sees it.
 */
public class TestTokensConfigSource implements ConfigSource {

    private static final Set<String> NAMES = Set.of("mp.jwt.verify.publickey.location", "mp.jwt.verify.issuer",
            "mp.jwt.verify.audiences");

    @Override
    public Set<String> getPropertyNames() {
        return NAMES;
    }

    @Override
    public String getValue(String name) {
        return switch (name) {
            case "mp.jwt.verify.publickey.location" -> Tokens.publicKey(Tokens.testKeys()).toAbsolutePath().toString();
            case "mp.jwt.verify.issuer" -> Tokens.TEST_ISSUER;
            case "mp.jwt.verify.audiences" -> Tokens.AUDIENCE;
            default -> null;
        };
    }

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> properties = new HashMap<>();
        NAMES.forEach(name -> properties.put(name, getValue(name)));
        return properties;
    }

    @Override
    public int getOrdinal() {
        // Above application.properties (250), below system properties (400).
        return 275;
    }

    @Override
    public String getName() {
        return "kept-test-tokens";
    }
}
