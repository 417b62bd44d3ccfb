package com.rateplatform.gateway.ops;

import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;

import com.rateplatform.gateway.support.PushClient;

/**
 * A WebSocket client of {@code /api/validation/ws} that behaves as docs/Real-Time-Results.md asks a client to: when its
 * connection ends (a gateway stopping closes it), it connects again with {@code ?since=<last event_id>} and gets what
 * it missed first. Counts every result by request id, so a lost or a repeated one shows.
 */
final class ResumingPushClient implements AutoCloseable {

    private static final long RECONNECT_DELAY_MS = 200;

    private final HttpClient http;
    private final String wsUrl;
    private final String token;
    private final ScheduledExecutorService reconnector = Executors.newSingleThreadScheduledExecutor();
    private final Map<String, Integer> results = new ConcurrentHashMap<>();
    private final List<String> errors = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger reconnects = new AtomicInteger();
    private final AtomicInteger failedAttempts = new AtomicInteger();
    private volatile String lastEventId;
    private volatile PushClient current;
    private volatile boolean closing;

    ResumingPushClient(HttpClient http, String wsUrl, String token) {
        this.http = http;
        this.wsUrl = wsUrl;
        this.token = token;
    }

    /** Connects the first time and waits for {@code ready}: results published after it are this client's to get. */
    void connect() {
        open("");
        current.awaitType("ready");
    }

    /** Times each request id's result arrived. */
    Map<String, Integer> results() {
        return Map.copyOf(results);
    }

    /** {@code error} messages received (a resume that could not reach back far enough would be one). */
    List<String> errors() {
        return List.copyOf(errors);
    }

    int reconnects() {
        return reconnects.get();
    }

    int failedAttempts() {
        return failedAttempts.get();
    }

    private void open(String query) {
        PushClient client = PushClient.connect(http, wsUrl + query, Map.of("Authorization", "Bearer " + token), List.of(), this::onMessage);
        current = client;
        client.closed().whenComplete((code, error) -> {
            if (!closing) {
                reconnector.schedule(this::reconnect, RECONNECT_DELAY_MS, TimeUnit.MILLISECONDS);
            }
        });
    }

    private void reconnect() {
        if (closing) {
            return;
        }
        try {
            open(lastEventId == null ? "" : "?since=" + lastEventId);
            reconnects.incrementAndGet();
        } catch (RuntimeException e) {
            failedAttempts.incrementAndGet();
            reconnector.schedule(this::reconnect, RECONNECT_DELAY_MS, TimeUnit.MILLISECONDS);
        }
    }

    private void onMessage(JsonNode message) {
        switch (message.path("type").asText()) {
            case "ready" -> {
                if (lastEventId == null) {
                    lastEventId = message.path("event_id").asText();
                }
            }
            case "result" -> {
                results.merge(message.path("request_id").asText(), 1, Integer::sum);
                lastEventId = message.path("event_id").asText();
            }
            case "error" -> errors.add(message.toString());
            default -> {
                // ping, pong, ack: nothing to keep
            }
        }
    }

    @Override
    public void close() {
        closing = true;
        reconnector.shutdownNow();
        if (current != null) {
            current.close();
        }
    }
}
