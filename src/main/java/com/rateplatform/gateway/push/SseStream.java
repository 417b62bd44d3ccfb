package com.rateplatform.gateway.push;

import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.rateplatform.gateway.message.Json;

/**
 * One Server-Sent Events stream of a caller. Each message goes out as an event named after its {@code type} (but
 * {@code error} as {@code notice}: EventSource keeps {@code error} for connection failures) with the same JSON as on
 * the WebSocket; results and {@code ready} carry their event id as the SSE {@code id}, which the browser sends back
 * as {@code Last-Event-ID} when it reconnects. A client that leaves events unread for {@code maxMissed} heartbeats is
 * disconnected.
 */
final class SseStream extends PushConnection {

    private static final Logger LOG = LoggerFactory.getLogger(SseStream.class);

    private final SseWriter writer;
    private final int maxMissed;
    private final AtomicInteger missed = new AtomicInteger();

    SseStream(String caller, SseWriter writer, int maxMissed) {
        super(caller);
        this.writer = writer;
        this.maxMissed = maxMissed;
    }

    void open(int maxBufferedBytes) {
        writer.open(maxBufferedBytes);
    }

    @Override
    String transport() {
        return "sse";
    }

    @Override
    protected void send(ResultEvent event) {
        writer.event("result", event.eventId(), PushMessages.result(event));
    }

    @Override
    protected void sendText(String json) {
        JsonNode message = Json.read(json, JsonNode.class);
        String type = message.path("type").asText();
        String id = type.equals("ready") ? message.path("event_id").asText(null) : null;
        writer.event(type.equals("error") ? "notice" : type, id, json);
    }

    @Override
    boolean heartbeat() {
        if (writer.closed()) {
            return false;
        }
        if (writer.full()) {
            if (missed.incrementAndGet() > maxMissed) {
                LOG.info("Event stream of {} is not reading; closing it", caller());
                writer.reset();
                return false;
            }
            return true;
        }
        missed.set(0);
        ping();
        return true;
    }

    @Override
    void close(String reason) {
        writer.end();
    }
}
