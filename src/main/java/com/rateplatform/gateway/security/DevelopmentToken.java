package com.rateplatform.gateway.security;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one-command run's credentials. When the database is the embedded one (its data, tokens included, is gone on
 * exit), no JWT key is configured and no API token exists, the gateway creates a token with every scope and logs it
 * once, so a newcomer can call the API at once. Never in any other situation: a configured database only ever has the
 * tokens an operator created with the {@code token} command.
 */
public final class DevelopmentToken {

    private static final Logger LOG = LoggerFactory.getLogger(DevelopmentToken.class);
    private static final Duration LIFETIME = Duration.ofDays(1);

    private DevelopmentToken() {
    }

    /** Creates and logs the token when the situation above holds; otherwise says how to get credentials when none exist. */
    public static void issueIfNeeded(boolean embeddedDatabase, boolean jwtConfigured, ApiTokenStore store, Clock clock)
            throws SQLException {
        if (jwtConfigured || store.anyUsable()) {
            return;
        }
        if (!embeddedDatabase) {
            LOG.warn("No JWT key is configured and no API token exists: every API request will be refused (401)."
                     + " Create a token with the 'token create' command, or set JWT_SECRET / JWT_PUBLIC_KEY_FILE / JWT_JWKS_FILE"
                     + " / JWT_JWKS_URL");
            return;
        }
        String token = store.create("development", Scopes.ALL, clock.instant().plus(LIFETIME), "gateway:development").token();
        LOG.warn("Development API token (embedded database; valid for {} hours or until exit), every scope: X-API-Token: {}",
                LIFETIME.toHours(), token);
    }
}
