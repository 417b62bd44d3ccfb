package com.rateplatform.gateway.push;

import java.util.ArrayList;
import java.util.List;

import com.rateplatform.gateway.stream.StreamId;

/**
 * One client connection that results are pushed to, in stream order. A connection is born catching up: until
 * {@link #caughtUp} the live results it is offered are held, so that nothing published while the connection starts or
 * replays missed results is lost. Nothing is sent twice unasked: results go out in stream order, so one whose event id
 * is not newer than the last sent (or than the position the client resumed from) is one the client has; this covers a
 * gateway's follower of the stream that lags behind the replay, which read up to the stream's head. A {@code resume}
 * later on makes it catch up again, from the position it names.
 */
abstract class PushConnection {

    private final String caller;
    private List<ResultEvent> held = new ArrayList<>();
    private StreamId newestSent;

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
            sendOnce(event);
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
        if (replay.since() != null) {
            // Where the client says it stands, even behind what it was sent: a resume asks for those results again.
            newestSent = StreamId.parse(replay.since());
        }
        replay.events().forEach(this::sendOnce);
        // Held results arrived after the replay began: those it did not reach are newer than all it sent.
        held.forEach(this::sendOnce);
        held = null;
    }

    private void sendOnce(ResultEvent event) {
        StreamId id = StreamId.parse(event.eventId());
        if (newestSent != null && id.compareTo(newestSent) <= 0) {
            return;
        }
        newestSent = id;
        send(event);
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
