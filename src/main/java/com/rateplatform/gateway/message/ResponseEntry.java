package com.rateplatform.gateway.message;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import com.rateplatform.gateway.crypto.Sealed;

/**
 * A {@link ResponseMessage} as its stream entry holds it: the same fields, with {@code results} (whose details carry
 * names, E.164 phones, accounts) sealed. Keep the components in step with {@link ResponseMessage} (MessageCodecTest checks).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
record ResponseEntry(String requestId, String status, Sealed results, long processingTimeMs, String timestamp,
                     @JsonInclude(JsonInclude.Include.NON_NULL) String userId) {

    static ResponseEntry of(ResponseMessage message, Sealed results) {
        return new ResponseEntry(message.requestId(), message.status(), results, message.processingTimeMs(),
                message.timestamp(), message.userId());
    }

    ResponseMessage toMessage(List<ItemResult> clearResults) {
        return new ResponseMessage(requestId, status, clearResults, processingTimeMs, timestamp, userId);
    }
}
