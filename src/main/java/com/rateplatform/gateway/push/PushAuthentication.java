package com.rateplatform.gateway.push;

import java.sql.SQLException;
import java.util.Map;

import com.rateplatform.gateway.contract.ApiException;
import com.rateplatform.gateway.security.Guard;
import com.rateplatform.gateway.security.Scopes;

/**
 * Authenticates WebSocket and Server-Sent Events clients exactly as the REST API does (same JWT keys and API tokens,
 * same rate limit): the bearer token is an API token ({@code rgw_…}) or a JWT, and must carry the endpoint's scope —
 * {@code validation:read} for results, {@code monitoring:read} for the operations console's live feed.
 */
public class PushAuthentication implements PushAuthenticator {

    private final Guard guard;
    private final String scope;

    /** For the results endpoints: {@code validation:read}. */
    public PushAuthentication(Guard guard) {
        this(guard, Scopes.VALIDATION_READ);
    }

    public PushAuthentication(Guard guard, String scope) {
        this.guard = guard;
        this.scope = scope;
    }

    @Override
    public String callerFor(String bearerToken) {
        if (bearerToken == null || bearerToken.isBlank()) {
            throw new ApiException(401, "UNAUTHORIZED", "a bearer token is required", null);
        }
        Map<String, String> headers = BearerToken.requestHeaders(bearerToken);
        try {
            return guard.admit(name -> headers.entrySet().stream().filter(h -> h.getKey().equalsIgnoreCase(name))
                    .map(Map.Entry::getValue).findFirst().orElse(null), scope).id();
        } catch (SQLException e) {
            throw new ApiException(503, "SERVICE_UNAVAILABLE", "credentials cannot be checked now; retry later", null);
        }
    }
}
