package com.rateplatform.gateway.ops;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.apache.camel.ExchangeProperty;

import com.rateplatform.gateway.contract.ExchangeProperties;
import com.rateplatform.gateway.message.Json;
import com.rateplatform.gateway.security.Scopes;

/**
 * Answers {@code GET /api/monitoring/session}: who the credential belongs to and whether it may act (replay, delete),
 * so the ops console shows a read-only caller no control it would be refused. The API checks every action anyway.
 */
public class OperatorSession {

    public String describe(@ExchangeProperty(ExchangeProperties.CALLER) String caller,
                           @ExchangeProperty(ExchangeProperties.CALLER_SCOPES) Set<String> scopes) {
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("caller", caller);
        reply.put("scopes", new TreeSet<>(scopes));
        reply.put("may_act", scopes.contains(Scopes.MONITORING_WRITE));
        return Json.write(reply);
    }
}
