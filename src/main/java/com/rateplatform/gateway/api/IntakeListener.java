package com.rateplatform.gateway.api;

import com.rateplatform.gateway.contract.ApiException;

/**
 * Told of every request the API accepts and every call it refuses, so they can be counted without the intake knowing
 * how. Called on the request's thread: implementations must be quick (a cached counter, not a registry search).
 */
public interface IntakeListener {

    /** Counts nothing. */
    IntakeListener NONE = new IntakeListener() {
        @Override
        public void accepted(String source, String action, String priority, int count) {
        }

        @Override
        public void rejected(ApiException error, String scope) {
        }
    };

    /** The listener bound in the registry (the metrics of the gateway role), or {@link #NONE}. */
    static IntakeListener of(org.apache.camel.spi.Registry registry) {
        IntakeListener found = registry.findSingleByType(IntakeListener.class);
        return found == null ? NONE : found;
    }

    /** {@code count} requests of one kind were accepted (answered 202). */
    void accepted(String source, String action, String priority, int count);

    /**
     * A call was answered with an error.
     *
     * @param scope the scope the endpoint requires; null when the call was refused before any route (no scope known)
     */
    void rejected(ApiException error, String scope);
}
