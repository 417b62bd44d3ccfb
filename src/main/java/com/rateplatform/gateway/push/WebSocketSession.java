package com.rateplatform.gateway.push;

import java.util.concurrent.atomic.AtomicInteger;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One WebSocket of a caller. Every heartbeat it sends a ping frame (browsers answer it by themselves) and a JSON
 * {@code ping} (so a client can tell a dead gateway); a client that has answered nothing, neither pong nor message, for
 * {@code maxMissed} heartbeats is disconnected. A client that stops reading is disconnected when
 * {@code maxBufferedBytes} wait for it; it reconnects with {@code since} and loses nothing.
 */
final class WebSocketSession extends PushConnection {

    private static final Logger LOG = LoggerFactory.getLogger(WebSocketSession.class);
    static final short GOING_AWAY = 1001;
    static final short TRY_AGAIN_LATER = 1013;

    private final int maxMissed;
    private final AtomicInteger missed = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile ServerWebSocket socket;
    private volatile String lastEventId;

    private final String credential;

    /** @param credential the token the socket was opened with: each request sent over it is authorized with it */
    WebSocketSession(String caller, String credential, int maxMissed) {
        super(caller);
        this.credential = credential;
        this.maxMissed = maxMissed;
    }

    String credential() {
        return credential;
    }

    @Override
    String transport() {
        return "websocket";
    }

    /** The upgraded socket; results held until now go out when the connection has caught up. */
    void attach(ServerWebSocket socket, int maxBufferedBytes) {
        socket.setWriteQueueMaxSize(maxBufferedBytes);
        socket.pongHandler(pong -> alive());
        this.socket = socket;
    }

    /** Anything from the client shows it is there. */
    void alive() {
        missed.set(0);
    }

    /** Counts a request handed to the intake; false when the client already has {@code limit} unanswered. */
    boolean startRequest(int limit) {
        if (inFlight.incrementAndGet() > limit) {
            inFlight.decrementAndGet();
            return false;
        }
        return true;
    }

    void requestAnswered() {
        inFlight.decrementAndGet();
    }

    @Override
    protected void send(ResultEvent event) {
        lastEventId = event.eventId();
        sendText(PushMessages.result(event));
    }

    @Override
    protected void sendText(String json) {
        ServerWebSocket ws = socket;
        if (ws == null || ws.isClosed()) {
            return;
        }
        if (ws.writeQueueFull()) {
            LOG.info("WebSocket of {} is not reading; closing it", caller());
            ws.close(TRY_AGAIN_LATER, "too slow: reconnect with since=" + lastEventId);
            return;
        }
        ws.writeTextMessage(json);
    }

    @Override
    boolean heartbeat() {
        ServerWebSocket ws = socket;
        if (ws == null) {
            return true; // still upgrading
        }
        if (ws.isClosed()) {
            return false;
        }
        if (missed.getAndIncrement() >= maxMissed) {
            LOG.info("WebSocket of {} missed {} heartbeats; closing it", caller(), maxMissed);
            ws.close(GOING_AWAY, "heartbeat timeout");
            return false;
        }
        ws.writePing(Buffer.buffer("hb"));
        ping();
        return true;
    }

    @Override
    void close(String reason) {
        ServerWebSocket ws = socket;
        if (ws != null && !ws.isClosed()) {
            ws.close(GOING_AWAY, reason);
        }
    }
}
