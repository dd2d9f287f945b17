package io.kept.eventstore.security;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.config.Config;

/**
 * Stops a service at start-up when it could verify no token, rather than answering every request 401
 * (or 500) with the reason only in its log.
 */
@ApplicationScoped
class JwtSettingsCheck {

    void onStart(@Observes StartupEvent event, Config config) {
        List<String> missing = new ArrayList<>();
        if (absent(config, "mp.jwt.verify.publickey.location") && absent(config, "mp.jwt.verify.publickey")) {
            missing.add("KEPT_JWT_PUBLIC_KEY_LOCATION (the issuer's public key: a PEM file or a JWKS URL)");
        }
        if (absent(config, "mp.jwt.verify.issuer")) {
            missing.add("KEPT_JWT_ISSUER (the tokens' iss)");
        }
        if (absent(config, "mp.jwt.verify.audiences")) {
            missing.add("KEPT_JWT_AUDIENCE (the tokens' aud)");
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException("Cannot verify bearer tokens; set " + String.join(", ", missing)
                    + ". ./kept up sets them for its development key (README.md: Security).");
        }
    }

    private static boolean absent(Config config, String name) {
        return config.getOptionalValue(name, String.class).filter(v -> !v.isBlank()).isEmpty();
    }
}
