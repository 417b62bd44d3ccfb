package com.rateplatform.gateway.security;

import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

import org.apache.camel.Exchange;
import org.apache.camel.Message;

import com.rateplatform.gateway.contract.ApiException;
import com.rateplatform.gateway.contract.ExchangeProperties;

/**
 * The one step every HTTP entry route starts with, naming the scope it needs:
 * {@code - bean: {ref: guard, method: "require(*, 'validation:write')"}}. It authenticates the caller (401), checks the
 * scope (403), takes one request from the caller's rate limit (429), and leaves the caller id in the exchange property
 * {@link ExchangeProperties#CALLER} and its scopes in {@link ExchangeProperties#CALLER_SCOPES}. The credentials
 * headers are removed, so nothing later in the route can pass them on.
 */
public class Guard {

    private final Authenticator authenticator;
    private final RateLimiter rateLimiter;

    public Guard(Authenticator authenticator, RateLimiter rateLimiter) {
        this.authenticator = authenticator;
        this.rateLimiter = rateLimiter;
    }

    /** The route step. */
    public void require(Exchange exchange, String scope) throws SQLException {
        exchange.setProperty(ExchangeProperties.REQUIRED_SCOPE, scope); // so a refusal is counted under the endpoint's scope
        Message in = exchange.getIn();
        Caller caller = admit(name -> in.getHeader(name, String.class), scope);
        in.removeHeader(Authenticator.AUTHORIZATION);
        in.removeHeader(Authenticator.API_TOKEN);
        exchange.setProperty(ExchangeProperties.CALLER, caller.id());
        exchange.setProperty(ExchangeProperties.CALLER_SCOPES, caller.scopes());
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
