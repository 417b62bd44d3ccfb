package com.rateplatform.gateway.push;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One client connection that results are pushed to, in stream order. A connection is born catching up: until
 * {@link #caughtUp} the live results it is offered are held, so that nothing published while the connection starts or
 * replays missed results is lost, and nothing the replay already sent is sent twice. A {@code resume} later on makes
 * it catch up again.
 */
abstract class PushConnection {

    private final String caller;
    private List<ResultEvent> held = new ArrayList<>();

    PushConnection(String caller) {
        this.caller = caller;
    }

    final String caller() {
        return caller;
    }

    /** {@code websocket} or {@code sse}: the {@code transport} label of the push metrics. */
    abstract String transport();

    /** A live result of this connection's caller. */
    final synchronized void offer(ResultEvent event) {
        if (held != null) {
            held.add(event);
        } else {
            send(event);
        }
    }

    /** Starts holding live results back for a replay; false while one is already under way. */
    final synchronized boolean catchUp() {
        if (held != null) {
            return false;
        }
        held = new ArrayList<>();
        return true;
    }

    /**
     * Ends catching up: the {@code ready} message when there is one, a notice when the replay may have a gap, the
     * replayed results, then the held live results the replay did not include.
     */
    final synchronized void caughtUp(String readyMessage, MissedResults.Replay replay) {
        if (readyMessage != null) {
            sendText(readyMessage);
        }
        if (!replay.complete()) {
            sendText(PushMessages.resumeIncomplete(replay.since()));
        }
        Set<String> replayed = new HashSet<>();
        for (ResultEvent event : replay.events()) {
            send(event);
            replayed.add(event.eventId());
        }
        // Held results arrived after the replay began: those it did not reach are newer than all it sent.
        for (ResultEvent event : held) {
            if (!replayed.contains(event.eventId())) {
                send(event);
            }
        }
        held = null;
    }

    /** A heartbeat {@code ping}: skipped while catching up, so that nothing comes before {@code ready}. */
    final synchronized void ping() {
        if (held == null) {
            sendText(PushMessages.ping(System.currentTimeMillis()));
        }
    }

    /** Writes one result to the client. */
    protected abstract void send(ResultEvent event);

    /** Writes one JSON message to the client. */
    protected abstract void sendText(String json);

    /**
     * Called every heartbeat interval: pings the client, or closes the connection when the client has missed too many
     * heartbeats or stopped reading.
     *
     * @return false when the connection is closed (or closing) and takes no more results
     */
    abstract boolean heartbeat();

    /** Closes the connection (the gateway stops, or the client is too slow); the client reconnects and resumes. */
    abstract void close(String reason);
}
