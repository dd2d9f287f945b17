package io.kept.eventstore.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.smallrye.jwt.runtime.auth.MpJwtValidator;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Bearer tokens verified once, not on every request: a client sends the same token with every call until it
 * expires, and parsing and checking it (jose4j, the RSA signature, the claims) was a fifth of promise-service's
 * CPU per request (bench/README.md). The identity smallrye-jwt built for a token is kept, keyed by the whole
 * token (signature included, so only the very same bytes hit), for at most {@link #MAX_AGE} and never past the
 * token's own {@code exp}; anything else, including every token that fails, goes to smallrye-jwt as before.
 * A cached token stays accepted up to {@link #MAX_AGE} after its signing key is rotated out.
 * {@code kept_tokens_total{result="verified"|"reused"}} counts what each request cost.
 */
@ApplicationScoped
public class VerifiedTokens implements IdentityProvider<TokenAuthenticationRequest> {

    static final Duration MAX_AGE = Duration.ofSeconds(30);
    private static final int MAX_TOKENS = 1_000;

    private final MpJwtValidator validator;
    private final Cache<String, SecurityIdentity> verified = Caffeine.newBuilder()
            .maximumSize(MAX_TOKENS)
            .expireAfter(new Expiry<String, SecurityIdentity>() {
                @Override
                public long expireAfterCreate(String token, SecurityIdentity identity, long now) {
                    return lifetime(identity, System.currentTimeMillis()).toNanos();
                }

                @Override
                public long expireAfterUpdate(String token, SecurityIdentity identity, long now, long current) {
                    return current;
                }

                @Override
                public long expireAfterRead(String token, SecurityIdentity identity, long now, long current) {
                    return current;
                }
            })
            .build();

    private final Counter verifiedCount;
    private final Counter reusedCount;

    public VerifiedTokens(MpJwtValidator validator, MeterRegistry registry) {
        this.validator = validator;
        this.verifiedCount = Counter.builder("kept.tokens").tag("result", "verified")
                .description("Bearer tokens parsed and checked (signature, issuer, audience, expiry)").register(registry);
        this.reusedCount = Counter.builder("kept.tokens").tag("result", "reused")
                .description("Requests whose bearer token was the very token verified shortly before").register(registry);
    }

    @Override
    public Class<TokenAuthenticationRequest> getRequestType() {
        return TokenAuthenticationRequest.class;
    }

    /**
     * Asked before smallrye-jwt's own provider, which it calls on a miss. Quarkus asks the highest priority first,
     * and smallrye-jwt's provider keeps the interface's default ({@code SYSTEM_FIRST + 1}): at that same priority
     * the two tied, and which came first changed from one build to the next, so this one is one above it.
     */
    @Override
    public int priority() {
        return IdentityProvider.super.priority() + 1;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(TokenAuthenticationRequest request, AuthenticationRequestContext context) {
        String token = request.getToken().getToken();
        SecurityIdentity known = verified.getIfPresent(token);
        if (known != null) {
            reusedCount.increment();
            return Uni.createFrom().item(known);
        }
        verifiedCount.increment();
        return validator.authenticate(request, context).invoke(identity -> {
            if (identity != null && !lifetime(identity, System.currentTimeMillis()).isZero()) {
                verified.put(token, identity);
            }
        });
    }

    /** How long a verified identity may be reused: {@link #MAX_AGE}, or less when its token expires sooner. */
    static Duration lifetime(SecurityIdentity identity, long nowMillis) {
        if (!(identity.getPrincipal() instanceof JsonWebToken jwt) || jwt.getExpirationTime() <= 0) {
            return Duration.ZERO;
        }
        long left = TimeUnit.SECONDS.toMillis(jwt.getExpirationTime()) - nowMillis;
        return left <= 0 ? Duration.ZERO : Duration.ofMillis(Math.min(left, MAX_AGE.toMillis()));
    }
}
