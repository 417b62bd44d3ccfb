package com.rateplatform.gateway.config;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * What this process runs: {@code gateway} (HTTP API, intake, response recording), {@code worker} (validators), or
 * both. Each role is a set of route files, so gateways and workers scale apart with one jar.
 */
public final class Roles {

    public static final String GATEWAY = "gateway";
    public static final String WORKER = "worker";

    private final Set<String> roles;

    private Roles(Set<String> roles) {
        this.roles = roles;
    }

    public static Roles parse(String value) {
        Set<String> roles = new LinkedHashSet<>();
        for (String part : value.split(",")) {
            String role = part.trim().toLowerCase(Locale.ROOT);
            if (role.isEmpty()) {
                continue;
            }
            if (!role.equals(GATEWAY) && !role.equals(WORKER)) {
                throw new IllegalArgumentException("ROLES may name gateway and/or worker, not '" + role + "'");
            }
            roles.add(role);
        }
        if (roles.isEmpty()) {
            throw new IllegalArgumentException("ROLES names no role; use gateway, worker or gateway,worker");
        }
        return new Roles(roles);
    }

    public boolean has(String role) {
        return roles.contains(role);
    }

    /** The role names. */
    public Set<String> names() {
        return Set.copyOf(roles);
    }

    /** Route files to load, as wildcards: the shared ones plus those of each role (the application names them one by one). */
    public String routesIncludePattern() {
        StringBuilder pattern = new StringBuilder("classpath:routes/common-*.camel.yaml");
        for (String role : roles) {
            pattern.append(",classpath:routes/").append(role).append("-*.camel.yaml");
        }
        return pattern.toString();
    }

    @Override
    public String toString() {
        return String.join(",", roles);
    }
}
