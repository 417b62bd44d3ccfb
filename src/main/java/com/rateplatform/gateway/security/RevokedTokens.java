package com.rateplatform.gateway.security;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Keeps {@link VerifiedCallers} honest about revocations: every few seconds (the route {@code forget-revoked-tokens})
 * it asks the database which API tokens were revoked since it last asked, and drops their cached verifications, so a
 * revoked token is refused within one check interval on every gateway. The look-back overlaps the previous check by
 * {@code overlap}, so a revocation committed with a slightly older timestamp (another host's clock, a transaction that
 * committed late) is still seen.
 */
public class RevokedTokens {

    /** How far each check looks back before the previous one: more than clocks between hosts and commits drift. */
    public static final Duration CLOCK_SKEW_MARGIN = Duration.ofMinutes(1);

    private final ApiTokenStore store;
    private final VerifiedCallers verified;
    private final Clock clock;
    private final Duration overlap;
    private Instant lastCheck;

    public RevokedTokens(ApiTokenStore store, VerifiedCallers verified, Clock clock, Duration overlap) {
        this.store = store;
        this.verified = verified;
        this.clock = clock;
        this.overlap = overlap;
        this.lastCheck = clock.instant();
    }

    /** The route step: drops the cached verifications of tokens revoked since the last check. */
    public synchronized void forgetRevoked() throws SQLException {
        Instant now = clock.instant();
        for (String hash : store.revokedSince(lastCheck.minus(overlap))) {
            verified.forget(Authenticator.apiTokenKey(hash));
        }
        lastCheck = now;
    }
}
