package com.rateplatform.gateway.push;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;

import com.rateplatform.gateway.contract.ApiException;
import com.rateplatform.gateway.message.Json;

/**
 * The JSON messages a push client receives, each with a {@code type}: {@code ready}, {@code ack}, {@code result},
 * {@code error}, {@code ping}, {@code pong}. {@code ref} is whatever the client put in the message being answered.
 */
final class PushMessages {

    static final String RESUME_INCOMPLETE = "RESUME_INCOMPLETE";

    private PushMessages() {
    }

    /** First message of a connection: results after {@code eventId} reach this connection (resume from it). */
    static String ready(String caller, String eventId, long heartbeatMs) {
        ObjectNode node = typed("ready");
        node.put("caller", caller);
        node.put("event_id", eventId);
        node.put("heartbeat_ms", heartbeatMs);
        return node.toString();
    }

    static String ack(String requestId, JsonNode ref) {
        ObjectNode node = typed("ack");
        node.put("request_id", requestId);
        node.put("status", "processing");
        return withRef(node, ref);
    }

    /** The response message goes out as published, not parsed and written again. */
    static String result(ResultEvent event) {
        ObjectNode node = typed("result");
        node.put("event_id", event.eventId());
        node.put("request_id", event.requestId());
        node.putRawValue("response", new RawValue(event.json()));
        return node.toString();
    }

    static String error(ApiException error, JsonNode ref) {
        return error(error.code(), error.getMessage(), error.field(), ref);
    }

    static String error(String code, String message, String field, JsonNode ref) {
        ObjectNode node = typed("error");
        node.put("code", code);
        node.put("message", message);
        if (field != null) {
            node.put("field", field);
        }
        return withRef(node, ref);
    }

    static String resumeIncomplete(String since) {
        return error(RESUME_INCOMPLETE, "results published after " + since + " may be missing here: the stream no longer"
                                        + " reaches back that far; fetch the requests you wait for by status", null, null);
    }

    static String ping(long epochMillis) {
        ObjectNode node = typed("ping");
        node.put("ts", epochMillis);
        return node.toString();
    }

    static String pong(JsonNode ref) {
        return withRef(typed("pong"), ref);
    }

    private static ObjectNode typed(String type) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("type", type);
        return node;
    }

    private static String withRef(ObjectNode node, JsonNode ref) {
        if (ref != null && !ref.isNull()) {
            node.set("ref", ref);
        }
        return node.toString();
    }
}
