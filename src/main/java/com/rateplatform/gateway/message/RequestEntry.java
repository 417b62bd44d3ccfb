package com.rateplatform.gateway.message;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import com.rateplatform.gateway.crypto.Sealed;

/**
 * A {@link RequestMessage} as its stream entry holds it: the same fields, with {@code data} (the items: names, phones,
 * accounts, metadata) sealed. Keep the components in step with {@link RequestMessage} (MessageCodecTest checks).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
record RequestEntry(String requestId, String source, String userId, String action, Sealed data, String priority,
                    CallbackConfig callbackConfig, String timestamp,
                    @JsonInclude(JsonInclude.Include.NON_NULL) String batchId) {

    static RequestEntry of(RequestMessage message, Sealed data) {
        return new RequestEntry(message.requestId(), message.source(), message.userId(), message.action(), data,
                message.priority(), message.callbackConfig(), message.timestamp(), message.batchId());
    }

    RequestMessage toMessage(RequestData clearData) {
        return new RequestMessage(requestId, source, userId, action, clearData, priority, callbackConfig, timestamp, batchId);
    }
}
