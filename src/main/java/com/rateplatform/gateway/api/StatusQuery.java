package com.rateplatform.gateway.api;

import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;

import com.rateplatform.gateway.contract.ApiException;
import com.rateplatform.gateway.contract.ExchangeProperties;
import com.rateplatform.gateway.message.Json;
import com.rateplatform.gateway.message.ResponseMessage;
import com.rateplatform.gateway.persistence.RequestStore;
import com.rateplatform.gateway.persistence.RequestStore.StoredStatus;

/**
 * Answers {@code GET .../status/{requestId}}: {@code processing} until the response is recorded, then the full
 * response message. A request of another source (or another caller) is as unknown as a missing one: 404.
 */
public class StatusQuery {

    private final RequestStore store;

    public StatusQuery(RequestStore store) {
        this.store = store;
    }

    public String status(@Header("requestId") String requestId, @ExchangeProperty(ExchangeProperties.SOURCE) String source,
                         @ExchangeProperty(ExchangeProperties.CALLER) String caller) throws SQLException {
        StoredStatus stored = store.find(requestId)
                .filter(s -> s.source().equals(source))
                .filter(s -> caller == null || s.userId().equals(caller))
                .orElseThrow(() -> new ApiException(404, "NOT_FOUND", "no request " + requestId, "requestId"));
        if (stored.responseJson() != null) {
            // Re-written through the message type: jsonb keeps no key order, the API answers in the documented one.
            return Json.write(Json.read(stored.responseJson(), ResponseMessage.class));
        }
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("request_id", stored.requestId());
        if (stored.errorCode() != null) {
            // Dead-lettered: processing failed for good; ops can inspect and replay it.
            reply.put("status", ResponseMessage.ERROR);
            reply.put("error_code", stored.errorCode());
        } else {
            reply.put("status", "processing");
        }
        return Json.write(reply);
    }
}
