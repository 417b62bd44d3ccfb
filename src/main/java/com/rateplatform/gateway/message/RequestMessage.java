package com.rateplatform.gateway.message;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * A validation request as it travels on {@code validation_requests} (plan, "Request Message Format").
 *
 * @param action    validate | check | import
 * @param priority  high | normal | low
 * @param timestamp ISO-8601 instant the gateway accepted it
 * @param batchId   the bulk import this request is a chunk of; absent (and not written) for every other request
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record RequestMessage(String requestId, String source, String userId, String action, RequestData data,
                             String priority, CallbackConfig callbackConfig, String timestamp,
                             @JsonInclude(JsonInclude.Include.NON_NULL) String batchId) {

    /** A request that belongs to no bulk import. */
    public RequestMessage(String requestId, String source, String userId, String action, RequestData data,
                          String priority, CallbackConfig callbackConfig, String timestamp) {
        this(requestId, source, userId, action, data, priority, callbackConfig, timestamp, null);
    }

    public int itemCount() {
        return data == null || data.items() == null ? 0 : data.items().size();
    }
}
