package com.rateplatform.gateway.routes;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.camel.Exchange;

import com.rateplatform.gateway.contract.ApiException;
import com.rateplatform.gateway.contract.ExchangeProperties;

/**
 * Stands in for the bean guard (security.Guard: credentials, scope, rate limit, tested on its own) in route tests:
 * {@code Authorization: Bearer <caller>} admits that caller with the scope the route asks for; no Authorization is a
 * 401, as the real guard answers it. Sets the exchange properties the real guard sets, and notes the scopes asked.
 */
public class TestGuard {

    static final String AUTHORIZATION = "Authorization";

    final List<String> scopesRequired = new CopyOnWriteArrayList<>();

    public void require(Exchange exchange, String scope) {
        scopesRequired.add(scope);
        exchange.setProperty(ExchangeProperties.REQUIRED_SCOPE, scope);
        String credentials = exchange.getIn().getHeader(AUTHORIZATION, String.class);
        if (credentials == null || !credentials.startsWith("Bearer ")) {
            throw new ApiException(401, "UNAUTHORIZED", "credentials required", null,
                    Map.of("WWW-Authenticate", "Bearer realm=\"rate-gateway\""));
        }
        exchange.getIn().removeHeader(AUTHORIZATION);
        exchange.setProperty(ExchangeProperties.CALLER, credentials.substring("Bearer ".length()));
        exchange.setProperty(ExchangeProperties.CALLER_SCOPES, Set.of(scope));
    }
}
