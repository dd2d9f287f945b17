package io.kept.eventstore.security;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Who is calling, as the verified token says: the name recorded in events (the token's {@code upn},
 * else {@code preferred_username}, else {@code sub}) and its roles. A request body can never claim it.
 */
@ApplicationScoped
public class Caller {

    private final SecurityIdentity identity;

    public Caller(SecurityIdentity identity) {
        this.identity = identity;
    }

    public String name() {
        return identity.getPrincipal().getName();
    }

    public boolean is(String role) {
        return identity.hasRole(role);
    }
}
