package com.rateplatform.gateway.push;

/**
 * Who a bearer token belongs to, for the WebSocket and Server-Sent Events endpoints. The push endpoints use the bean
 * bound as {@value #REGISTRY_NAME}: the push configuration binds one that checks tokens as the REST API does
 * ({@link PushAuthentication}, through the security configuration's guard); tests may bind their own first.
 */
@FunctionalInterface
public interface PushAuthenticator {

    String REGISTRY_NAME = "pushAuthenticator";

    /**
     * May block (a key set to fetch, a database to ask): it is never called on an event loop.
     *
     * @return the caller id, the {@code user_id} that requests of this caller carry
     * @throws com.rateplatform.gateway.contract.ApiException 401 for a token that is missing, unknown or expired; 403
     *                                                        for one that may not read results
     */
    String callerFor(String bearerToken);
}
