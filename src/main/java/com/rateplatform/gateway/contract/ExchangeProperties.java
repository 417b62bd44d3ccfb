package com.rateplatform.gateway.contract;

/**
 * Names of the exchange properties that routes and the beans of more than one package hand each other, named once here
 * so no package has to import another for a string. Properties, not headers: a client can send any header, but cannot
 * set a property.
 */
public final class ExchangeProperties {

    /** Set by the REST routes: the {@link Source} id of the endpoint. */
    public static final String SOURCE = "rateSource";
    /** The authenticated caller id, set by the guard. */
    public static final String CALLER = "rateCaller";
    /** The authenticated caller's scopes ({@code Set<String>}), set by the guard. */
    public static final String CALLER_SCOPES = "rateCallerScopes";
    /** The scope the route requires, set by the guard before it checks anything, so a refusal is counted under it. */
    public static final String REQUIRED_SCOPE = "rateRequiredScope";
    /** True when the body is a batch {@code {"requests": [...]}}. */
    public static final String BATCH = "rateBatch";
    /** The parsed requests of the call while they are stored and published. */
    public static final String ACCEPTED_REQUESTS = "rateAcceptedRequests";

    private ExchangeProperties() {
    }
}
