package com.rateplatform.gateway.app;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Settings of the one-command run: the run that starts an embedded PostgreSQL because nothing is configured (its data,
 * tokens included, is gone on exit), made for trying the gateway out on one's own machine. Each applies only while its
 * environment variable is unset:
 * <ul>
 * <li>the HTTP listener binds {@value #LOOPBACK} ({@code HTTP_HOST}): the development token it logs has every scope;</li>
 * <li>the demo page is on ({@code DEMO_ENABLED});</li>
 * <li>webhooks are signed with a secret made for this run ({@code WEBHOOK_SECRET}) and may go to this machine's
 * loopback addresses ({@code WEBHOOK_ALLOWED_HOSTS}), so a receiver on localhost gets them (plain {@code http} still
 * needs {@code WEBHOOK_ALLOW_HTTP=true}).</li>
 * </ul>
 */
public final class DevelopmentRun {

    /** Where the one-command run listens unless HTTP_HOST says otherwise. */
    public static final String LOOPBACK = "127.0.0.1";
    static final String LOOPBACK_WEBHOOK_HOSTS = "127.0.0.0/8,::1";
    private static final int SECRET_BYTES = 32;

    private DevelopmentRun() {
    }

    /** Property overrides for a run with the environment {@code env}. */
    public static Map<String, String> settings(Map<String, String> env) {
        Map<String, String> settings = new LinkedHashMap<>();
        if (isUnset(env, "HTTP_HOST")) {
            settings.put("camel.server.host", LOOPBACK);
        }
        if (isUnset(env, "DEMO_ENABLED")) {
            settings.put("rate.push.demo-enabled", "true");
        }
        if (isUnset(env, "WEBHOOK_SECRET")) {
            byte[] secret = new byte[SECRET_BYTES];
            new SecureRandom().nextBytes(secret);
            settings.put("rate.webhook.secret", HexFormat.of().formatHex(secret));
        }
        if (isUnset(env, "WEBHOOK_ALLOWED_HOSTS")) {
            settings.put("rate.security.webhook.allowed-hosts", LOOPBACK_WEBHOOK_HOSTS);
        }
        return settings;
    }

    private static boolean isUnset(Map<String, String> env, String name) {
        return env.get(name) == null || env.get(name).isBlank();
    }
}
