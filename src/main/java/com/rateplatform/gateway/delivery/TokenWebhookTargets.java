package com.rateplatform.gateway.delivery;

import java.sql.SQLException;
import java.util.Optional;

import com.rateplatform.gateway.security.ApiTokenStore;
import com.rateplatform.gateway.security.ApiTokenVerifier;

/**
 * Default webhook URLs of API-token callers: the caller id {@code token:<name>} names the tokens of that name, and the
 * newest of them that is neither revoked nor expired and has a URL gives it ({@link ApiTokenStore#defaultWebhookUrl}).
 * A revoked token's URL is never used. JWT callers have no token row, hence no default URL.
 *
 * <p>Not cached: it is asked once per delivery, when a request or batch without its own URL completes (in the response
 * recorder, not on the HTTP path), and a URL set, cleared or revoked with the {@code token} command applies to the very
 * next delivery scheduled. A delivery keeps the URL it was scheduled with through all its attempts.
 */
public class TokenWebhookTargets implements WebhookTargets {

    private final ApiTokenStore store;

    public TokenWebhookTargets(ApiTokenStore store) {
        this.store = store;
    }

    @Override
    public Optional<String> defaultUrlFor(String userId) throws SQLException {
        if (userId == null || !userId.startsWith(ApiTokenVerifier.CALLER_PREFIX)) {
            return Optional.empty();
        }
        return store.defaultWebhookUrl(userId.substring(ApiTokenVerifier.CALLER_PREFIX.length()));
    }
}
