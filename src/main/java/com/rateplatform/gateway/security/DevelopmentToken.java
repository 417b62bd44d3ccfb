package com.rateplatform.gateway.security;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one-command run's credentials. When the database is the embedded one (its data, tokens included, is gone on
 * exit), no JWT key is configured and no API token exists, the gateway creates a token with every scope and logs it
 * once, so a newcomer can call the API at once; the same line says where the API listens (the one-command run binds
 * 127.0.0.1 unless {@code HTTP_HOST} says otherwise), and the next one gives the secret its webhooks are signed with.
 * Never in any other situation: a configured database only ever has the tokens an operator created with the
 * {@code token} command.
 */
public final class DevelopmentToken {

    private static final Logger LOG = LoggerFactory.getLogger(DevelopmentToken.class);
    private static final Duration LIFETIME = Duration.ofDays(1);
    static final String NAME = "development";

    private DevelopmentToken() {
    }

    /**
     * Creates and logs the token when the situation above holds; otherwise says how to get credentials when none exist.
     *
     * @param httpHost      the address the API listens on ({@code camel.server.host})
     * @param webhookSecret the deployment's {@code WEBHOOK_SECRET} (blank when unset)
     */
    public static void issueIfNeeded(boolean embeddedDatabase, boolean jwtConfigured, String httpHost, String webhookSecret,
                                     ApiTokenStore store, Clock clock) throws SQLException {
        if (jwtConfigured || store.anyUsable()) {
            return;
        }
        if (!embeddedDatabase) {
            LOG.warn("No JWT key is configured and no API token exists: every API request will be refused (401)."
                     + " Create a token with the 'token create' command, or set JWT_SECRET / JWT_PUBLIC_KEY_FILE / JWT_JWKS_FILE"
                     + " / JWT_JWKS_URL");
            return;
        }
        String token = store.create(NAME, Scopes.ALL, clock.instant().plus(LIFETIME), "gateway:development").token();
        LOG.warn("Development API token (embedded database; valid for {} hours or until exit; {}), every scope: X-API-Token: {}",
                LIFETIME.toHours(), listening(httpHost), token);
        if (webhookSecret != null && !webhookSecret.isBlank()) {
            LOG.info("Webhooks of the development token are signed with the secret {} (check X-Rate-Signature with it:"
                     + " docs/Webhook-Receivers.md)", CallerWebhookSecret.derive(webhookSecret, ApiTokenVerifier.CALLER_PREFIX + NAME));
        }
    }

    /** Who can reach the API, in the words of the token's log line. */
    static String listening(String httpHost) {
        return switch (httpHost) {
            case "127.0.0.1", "localhost", "::1" -> "listening on " + httpHost + " only; HTTP_HOST=0.0.0.0 opens it to the network";
            case "0.0.0.0", "::" -> "listening on every interface (HTTP_HOST=" + httpHost + "): anyone who reaches this machine can use it";
            default -> "listening on " + httpHost;
        };
    }
}
