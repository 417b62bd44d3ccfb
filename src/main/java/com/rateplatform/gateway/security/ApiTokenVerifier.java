package com.rateplatform.gateway.security;

import java.sql.SQLException;
import java.time.Clock;
import java.util.HashSet;

import com.rateplatform.gateway.security.ApiTokenStore.StoredToken;

/**
 * Turns an {@code X-API-Token} into a {@link Caller}: the token must be well formed, known, not revoked and not expired.
 * The caller id is {@code token:<name>}, so a client keeps seeing its requests when its token is replaced by a new one
 * of the same name.
 */
public class ApiTokenVerifier {

    public static final String CALLER_PREFIX = "token:";

    private final ApiTokenStore store;
    private final Clock clock;

    public ApiTokenVerifier(ApiTokenStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /**
     * @throws InvalidCredentialsException saying what is wrong with the token
     * @throws SQLException                when the database cannot be asked (the client gets 503)
     */
    public Caller verify(String token) throws SQLException {
        return verification(token, ApiTokens.hash(token)).caller();
    }

    /**
     * {@link #verify}, with the token's expiry, so the result can be remembered no longer than that.
     *
     * @param tokenHash {@link ApiTokens#hash} of the token (the caller has it already)
     */
    public Verification verification(String token, String tokenHash) throws SQLException {
        if (!ApiTokens.isWellFormed(token)) {
            throw new InvalidCredentialsException("the X-API-Token is not a token of this service");
        }
        StoredToken stored = store.findByHash(tokenHash)
                .orElseThrow(() -> new InvalidCredentialsException("the X-API-Token is unknown"));
        ApiTokenStore.Status status = stored.status(clock.instant());
        if (status != ApiTokenStore.Status.ACTIVE) {
            throw new InvalidCredentialsException("the X-API-Token is " + status);
        }
        return new Verification(new Caller(CALLER_PREFIX + stored.name(), new HashSet<>(stored.scopes())), stored.expiresAt());
    }
}
