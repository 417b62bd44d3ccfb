package com.rateplatform.gateway.security;

import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

import org.apache.camel.Exchange;
import org.apache.camel.Message;

import com.rateplatform.gateway.api.ApiException;
import com.rateplatform.gateway.api.IntakeListener;
import com.rateplatform.gateway.api.RequestIntake;

/**
 * The one step every HTTP entry route starts with, naming the scope it needs:
 * {@code - bean: {ref: guard, method: "require(*, 'validation:write')"}}. It authenticates the caller (401), checks the
 * scope (403), takes one request from the caller's rate limit (429), and leaves the caller id in the exchange property
 * {@link RequestIntake#CALLER_PROPERTY} and its scopes in {@link #CALLER_SCOPES_PROPERTY}. The credentials headers are
 * removed, so nothing later in the route can pass them on.
 */
public class Guard {

    /** Exchange property: the authenticated caller's scopes ({@code Set<String>}). */
    public static final String CALLER_SCOPES_PROPERTY = "rateCallerScopes";

    private final Authenticator authenticator;
    private final RateLimiter rateLimiter;

    public Guard(Authenticator authenticator, RateLimiter rateLimiter) {
        this.authenticator = authenticator;
        this.rateLimiter = rateLimiter;
    }

    /** The route step. */
    public void require(Exchange exchange, String scope) throws SQLException {
        exchange.setProperty(IntakeListener.SCOPE_PROPERTY, scope); // so a refusal is counted under the endpoint's scope
        Message in = exchange.getIn();
        Caller caller = admit(name -> in.getHeader(name, String.class), scope);
        in.removeHeader(Authenticator.AUTHORIZATION);
        in.removeHeader(Authenticator.API_TOKEN);
        exchange.setProperty(RequestIntake.CALLER_PROPERTY, caller.id());
        exchange.setProperty(CALLER_SCOPES_PROPERTY, caller.scopes());
    }

    /**
     * The same check for a request that is not a Camel exchange (a WebSocket upgrade).
     *
     * @param header a request header by name, null when absent
     * @return the admitted caller
     * @throws ApiException 401, 403 or 429
     */
    public Caller admit(UnaryOperator<String> header, String scope) throws SQLException {
        if (!Scopes.isKnown(scope)) {
            throw new IllegalArgumentException("A route requires the unknown scope '" + scope + "'; known: " + Scopes.ALL);
        }
        Caller caller = authenticator.authenticate(header);
        if (!caller.has(scope)) {
            throw new ApiException(403, "FORBIDDEN", "this endpoint needs the scope " + scope, null,
                    Map.of("WWW-Authenticate", Authenticator.CHALLENGE + ", error=\"insufficient_scope\", scope=\"" + scope + "\""));
        }
        RateLimiter.Decision decision = rateLimiter.consume(scope, caller.id());
        if (!decision.allowed()) {
            throw new ApiException(429, "RATE_LIMITED", "more than " + decision.limit() + " requests with scope " + scope
                                                        + "; retry after " + decision.retryAfterSeconds() + " s", null,
                    rateLimitHeaders(decision));
        }
        return caller;
    }

    private static Map<String, String> rateLimitHeaders(RateLimiter.Decision decision) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Retry-After", Long.toString(decision.retryAfterSeconds()));
        headers.put("RateLimit-Limit", Long.toString(decision.limit().capacity()));
        headers.put("RateLimit-Remaining", Long.toString(decision.remaining()));
        headers.put("RateLimit-Reset", Long.toString(decision.resetSeconds()));
        headers.put("RateLimit-Policy", decision.limit().capacity() + ";w=" + decision.limit().period().toSeconds());
        return headers;
    }
}
