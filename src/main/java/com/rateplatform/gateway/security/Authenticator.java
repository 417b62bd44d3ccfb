package com.rateplatform.gateway.security;

import java.sql.SQLException;
import java.util.Map;
import java.util.function.UnaryOperator;

import com.rateplatform.gateway.api.ApiException;

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

    /** @param jwt null when no JWT key is configured: bearer tokens are then refused */
    public Authenticator(JwtVerifier jwt, ApiTokenVerifier apiTokens) {
        this.jwt = jwt;
        this.apiTokens = apiTokens;
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
            try {
                return jwt.verify(authorization.substring(BEARER.length()).trim());
            } catch (InvalidCredentialsException e) {
                throw unauthorized(e.getMessage(), CHALLENGE + ", error=\"invalid_token\"");
            }
        }
        String token = header.apply(API_TOKEN);
        if (token != null) {
            try {
                return apiTokens.verify(token.trim());
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
