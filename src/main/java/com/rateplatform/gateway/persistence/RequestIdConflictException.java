package com.rateplatform.gateway.persistence;

import java.util.List;

/**
 * A request came with a {@code request_id} already on record for a different request (another body, endpoint or
 * caller). Nothing of the call that brought it was stored.
 */
public class RequestIdConflictException extends RuntimeException {

    private final List<String> requestIds;

    public RequestIdConflictException(List<String> requestIds) {
        super("request_id already used for a different request: " + requestIds);
        this.requestIds = List.copyOf(requestIds);
    }

    /** The conflicting ids, in the order the call listed them. */
    public List<String> requestIds() {
        return requestIds;
    }
}
