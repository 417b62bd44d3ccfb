package com.rateplatform.gateway.security;

import java.sql.SQLException;
import java.util.Map;
import java.util.function.UnaryOperator;

import com.rateplatform.gateway.contract.ApiException;

/**
 * Finds out who is calling from the request headers: {@code Authorization: Bearer <JWT>}, or {@code X-API-Token}
 * for service clients. Anything missing or wrong is a 401 with a {@code WWW-Authenticate} challenge.
 */
public class Authenticator {

    public static final String AUTHORIZATION = "Authorization";
    public static final String API_TOKEN = "X-API-Token";

    private static final String BEARER = "Bearer ";
    static final String CHALLENGE = "Bearer realm=\"rate-gateway\"";

    private final JwtVerifier jwt;
    private final ApiTokenVerifier apiTokens;
    private final VerifiedCallers verified;

    /** @param jwt null when no JWT key is configured: bearer tokens are then refused */
    public Authenticator(JwtVerifier jwt, ApiTokenVerifier apiTokens) {
        this(jwt, apiTokens, new VerifiedCallers(0, java.time.Duration.ZERO, java.time.Clock.systemUTC()));
    }

    /**
     * @param verified credentials verified lately: a hit skips the signature check or the database look-up. Keys are
     *                 {@link #jwtKey} and {@link #apiTokenKey}, so revocations can be dropped by token hash.
     */
    public Authenticator(JwtVerifier jwt, ApiTokenVerifier apiTokens, VerifiedCallers verified) {
        this.jwt = jwt;
        this.apiTokens = apiTokens;
        this.verified = verified;
    }

    /** Cache key of a JWT. */
    static String jwtKey(String token) {
        return "jwt:" + ApiTokens.sha256(token);
    }

    /** Cache key of an API token, by the hash the database stores ({@link ApiTokens#hash}). */
    static String apiTokenKey(String tokenHash) {
        return "api:" + tokenHash;
    }

    /**
     * @param header a request header by name (case-insensitive), null when absent
     * @throws ApiException 401 when the credentials are missing or not accepted
     * @throws SQLException when API tokens cannot be looked up (the client gets 503)
     */
    public Caller authenticate(UnaryOperator<String> header) throws SQLException {
        String authorization = header.apply(AUTHORIZATION);
        if (authorization != null) {
            if (!authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
                throw unauthorized("the Authorization header must be 'Bearer <JWT>'", CHALLENGE);
            }
            if (jwt == null) {
                throw unauthorized("bearer tokens are not accepted here; send an X-API-Token", CHALLENGE);
            }
            String token = authorization.substring(BEARER.length()).trim();
            String key = jwtKey(token);
            Caller known = verified.get(key);
            if (known != null) {
                return known;
            }
            try {
                Verification verification = jwt.verification(token);
                verified.put(key, verification.caller(), verification.expiresAt());
                return verification.caller();
            } catch (InvalidCredentialsException e) {
                throw unauthorized(e.getMessage(), CHALLENGE + ", error=\"invalid_token\"");
            }
        }
        String token = header.apply(API_TOKEN);
        if (token != null) {
            String trimmed = token.trim();
            String hash = ApiTokens.hash(trimmed);
            String key = apiTokenKey(hash);
            Caller known = verified.get(key);
            if (known != null) {
                return known;
            }
            try {
                Verification verification = apiTokens.verification(trimmed, hash);
                verified.put(key, verification.caller(), verification.expiresAt());
                return verification.caller();
            } catch (InvalidCredentialsException e) {
                throw unauthorized(e.getMessage(), CHALLENGE);
            }
        }
        throw unauthorized("authentication required: send 'Authorization: Bearer <JWT>' or 'X-API-Token: <token>'", CHALLENGE);
    }

    private static ApiException unauthorized(String message, String challenge) {
        return new ApiException(401, "UNAUTHORIZED", message, null, Map.of("WWW-Authenticate", challenge));
    }
}
