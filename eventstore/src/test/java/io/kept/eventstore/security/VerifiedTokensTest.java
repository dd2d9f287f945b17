package io.kept.eventstore.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.jwt.auth.principal.DefaultJWTCallerPrincipal;
import java.security.Principal;
import java.time.Duration;
import org.jose4j.jwt.JwtClaims;
import org.junit.jupiter.api.Test;

/** How long a verified token's identity is reused: never past its exp, never more than 30 s. */
class VerifiedTokensTest {

    private static final long NOW = 1_800_000_000_000L;

    private static QuarkusSecurityIdentity expiringIn(long seconds) {
        JwtClaims claims = new JwtClaims();
        claims.setSubject("alice");
        claims.setExpirationTime(org.jose4j.jwt.NumericDate.fromMilliseconds(NOW + seconds * 1000));
        return QuarkusSecurityIdentity.builder().setPrincipal(new DefaultJWTCallerPrincipal("JWT", claims)).build();
    }

    @Test
    void aLongLivedTokenIsReusedForThirtySecondsAtMost() {
        assertThat(VerifiedTokens.lifetime(expiringIn(3600), NOW)).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void aTokenAboutToExpireIsReusedOnlyUntilItsExp() {
        assertThat(VerifiedTokens.lifetime(expiringIn(5), NOW)).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void anExpiredTokenOrOneWithoutExpIsNeverReused() {
        assertThat(VerifiedTokens.lifetime(expiringIn(-1), NOW)).isZero();
        Principal plain = () -> "bob";
        assertThat(VerifiedTokens.lifetime(QuarkusSecurityIdentity.builder().setPrincipal(plain).build(), NOW)).isZero();
    }
}
