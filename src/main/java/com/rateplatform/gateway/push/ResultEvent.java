package com.rateplatform.gateway.push;

import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import com.rateplatform.gateway.message.Json;
import com.rateplatform.gateway.message.MalformedMessageException;
import com.rateplatform.gateway.message.MessageCodec;

/**
 * One response of {@code extension_responses} as it is pushed: the stream entry id (the event id clients resume
 * from), the caller it belongs to, and the response message — as published (results sealed) until {@link #opened}.
 */
record ResultEvent(String eventId, String caller, String requestId, String json) {

    /**
     * The event of an entry, its results still sealed; empty for a response that names no caller (published before
     * user_id existed).
     */
    static Optional<ResultEvent> of(String eventId, String json) {
        JsonNode response;
        try {
            response = Json.MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new MalformedMessageException("Entry " + eventId + " is not JSON: " + e.getOriginalMessage(), e);
        }
        JsonNode caller = response == null ? null : response.get("user_id");
        if (caller == null || !caller.isTextual()) {
            return Optional.empty();
        }
        return Optional.of(new ResultEvent(eventId, caller.textValue(), response.path("request_id").asText(null), json));
    }

    /** The event as its caller receives it: the response with its results opened. */
    ResultEvent opened(MessageCodec codec) {
        return new ResultEvent(eventId, caller, requestId, codec.reveal(json));
    }
}
