package com.rateplatform.gateway.security;

import java.util.Set;

/**
 * Who sent a request, once authenticated: the id requests are recorded under (a JWT's {@code sub}, or
 * {@code token:<name>} for an API token) and the scopes it holds.
 */
public record Caller(String id, Set<String> scopes) {

    public Caller {
        scopes = Set.copyOf(scopes);
    }

    public boolean has(String scope) {
        return scopes.contains(scope);
    }
}
