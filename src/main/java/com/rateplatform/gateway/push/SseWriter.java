package com.rateplatform.gateway.push;

import io.vertx.core.http.HttpServerResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a Server-Sent Events stream on a Vert.x response: the headers that open it, events ({@code id},
 * {@code event}, {@code data}), and whether the client keeps up. Writing to a closed stream does nothing. Used by the
 * results stream ({@link SseStream}) and the operations console's live feed.
 */
public final class SseWriter {

    private static final Logger LOG = LoggerFactory.getLogger(SseWriter.class);
    /** How long a browser waits before it reconnects (the SSE {@code retry} field). */
    public static final int RETRY_MS = 2000;

    private final HttpServerResponse response;

    public SseWriter(HttpServerResponse response) {
        this.response = response;
    }

    /** Answers 200 with the event-stream headers; a client that leaves more than {@code maxBufferedBytes} unread is full. */
    public void open(int maxBufferedBytes) {
        response.setStatusCode(200)
                .setChunked(true)
                .putHeader("Content-Type", "text/event-stream; charset=utf-8")
                .putHeader("Cache-Control", "no-cache")
                .putHeader("X-Accel-Buffering", "no")
                .setWriteQueueMaxSize(maxBufferedBytes);
        write("retry: " + RETRY_MS + "\n\n");
    }

    /** Runs {@code then} once the stream ends, whichever side ends it. */
    public void onClose(Runnable then) {
        response.closeHandler(closed -> then.run());
        response.endHandler(ended -> then.run());
    }

    /** One event; {@code id} may be null. {@code json} must be one line (JSON as Jackson writes it is). */
    public void event(String name, String id, String json) {
        StringBuilder event = new StringBuilder();
        if (id != null) {
            event.append("id: ").append(id).append('\n');
        }
        write(event.append("event: ").append(name).append('\n').append("data: ").append(json).append("\n\n").toString());
    }

    public boolean closed() {
        return response.ended() || response.closed();
    }

    /** More than the allowed bytes wait for the client: it is not reading. */
    public boolean full() {
        return response.writeQueueFull();
    }

    /** Ends the stream (the client may reconnect). */
    public void end() {
        if (!closed()) {
            response.end();
        }
    }

    /** Drops the connection of a client that stopped reading. */
    public void reset() {
        response.reset();
    }

    private void write(String text) {
        if (closed()) {
            return;
        }
        try {
            response.write(text);
        } catch (IllegalStateException e) {
            LOG.debug("Event stream closed while writing: {}", e.getMessage());
        }
    }
}
