package com.rateplatform.gateway.push;

import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.http.HttpServerResponse;
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
    /** How long a browser waits before it reconnects (the SSE {@code retry} field). */
    static final int RETRY_MS = 2000;

    private final HttpServerResponse response;
    private final int maxMissed;
    private final AtomicInteger missed = new AtomicInteger();

    SseStream(String caller, HttpServerResponse response, int maxMissed) {
        super(caller);
        this.response = response;
        this.maxMissed = maxMissed;
    }

    void open(int maxBufferedBytes) {
        response.setStatusCode(200)
                .setChunked(true)
                .putHeader("Content-Type", "text/event-stream; charset=utf-8")
                .putHeader("Cache-Control", "no-cache")
                .putHeader("X-Accel-Buffering", "no")
                .setWriteQueueMaxSize(maxBufferedBytes);
        write("retry: " + RETRY_MS + "\n\n");
    }

    @Override
    protected void send(ResultEvent event) {
        write(event("result", event.eventId(), PushMessages.result(event)));
    }

    @Override
    protected void sendText(String json) {
        JsonNode message = Json.read(json, JsonNode.class);
        String type = message.path("type").asText();
        String id = type.equals("ready") ? message.path("event_id").asText(null) : null;
        write(event(type.equals("error") ? "notice" : type, id, json));
    }

    @Override
    boolean heartbeat() {
        if (response.ended() || response.closed()) {
            return false;
        }
        if (response.writeQueueFull()) {
            if (missed.incrementAndGet() > maxMissed) {
                LOG.info("Event stream of {} is not reading; closing it", caller());
                response.reset();
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
        if (!response.ended() && !response.closed()) {
            response.end();
        }
    }

    private static String event(String name, String id, String json) {
        StringBuilder event = new StringBuilder();
        if (id != null) {
            event.append("id: ").append(id).append('\n');
        }
        return event.append("event: ").append(name).append('\n').append("data: ").append(json).append("\n\n").toString();
    }

    private void write(String text) {
        if (response.ended() || response.closed()) {
            return;
        }
        try {
            response.write(text);
        } catch (IllegalStateException e) {
            LOG.debug("Event stream of {} closed while writing: {}", caller(), e.getMessage());
        }
    }
}
