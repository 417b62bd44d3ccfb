package com.rateplatform.gateway.push;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import com.rateplatform.gateway.contract.ApiException;
import com.rateplatform.gateway.message.Json;

/**
 * What a client may send over its WebSocket, by {@code type}: {@code validate} (a request, as the body of
 * {@code POST /api/validation/validate}), {@code resume} (results after {@code since}), {@code ping}, {@code pong}.
 * Each message may carry a {@code ref}, echoed in the answer.
 */
final class ClientMessages {

    private final SocketIntake intake;
    private final Resumption resumption;
    private final int maxInFlight;

    ClientMessages(SocketIntake intake, Resumption resumption, int maxInFlight) {
        this.intake = intake;
        this.resumption = resumption;
        this.maxInFlight = maxInFlight;
    }

    void handle(WebSocketSession session, String text) {
        session.alive();
        JsonNode message;
        try {
            message = Json.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            session.sendText(PushMessages.error("MALFORMED_JSON", "a message is one JSON object: " + e.getOriginalMessage(), null, null));
            return;
        }
        if (message == null || !message.isObject()) {
            session.sendText(PushMessages.error("INVALID_TYPE", "a message is one JSON object", null, null));
            return;
        }
        JsonNode ref = message.get("ref");
        switch (message.path("type").asText("")) {
            case "validate" -> validate(session, text, ref);
            case "resume" -> resume(session, message, ref);
            case "ping" -> session.sendText(PushMessages.pong(ref));
            case "pong" -> {
                // an answer to our ping: alive() above is all it takes
            }
            default -> session.sendText(PushMessages.error("INVALID_VALUE",
                    "type must be one of validate, resume, ping, pong", "type", ref));
        }
    }

    private void validate(WebSocketSession session, String text, JsonNode ref) {
        if (!session.startRequest(maxInFlight)) {
            session.sendText(PushMessages.error("TOO_MANY_REQUESTS", "at most " + maxInFlight
                                                                    + " requests may wait for their ack on one connection", null, ref));
            return;
        }
        intake.submit(session.credential(), text, ref).onComplete(answered -> {
            session.requestAnswered();
            session.sendText(answered.succeeded() ? answered.result()
                    : PushMessages.error("INTERNAL_ERROR", "Internal error; it has been logged", null, ref));
        });
    }

    private void resume(WebSocketSession session, JsonNode message, JsonNode ref) {
        JsonNode since = message.get("since");
        if (since == null || !since.isTextual()) {
            session.sendText(PushMessages.error("FIELD_REQUIRED", "since must be the event_id of the last result received", "since", ref));
            return;
        }
        try {
            resumption.resume(session, MissedResults.checkedEventId(since.textValue(), "since"));
        } catch (ApiException e) {
            session.sendText(PushMessages.error(e, ref));
        }
    }
}
