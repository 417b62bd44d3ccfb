package com.rateplatform.gateway.push;

import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.rateplatform.gateway.contract.ApiException;

/**
 * Brings a connection up to date off the event loop: on connect, the {@code ready} message with the position it is
 * covered from and, when the client asked for them, the results it missed; on a {@code resume}, the missed results.
 */
final class Resumption {

    private static final Logger LOG = LoggerFactory.getLogger(Resumption.class);

    private final Vertx vertx;
    private final MissedResults missed;
    private final long heartbeatMs;

    Resumption(Vertx vertx, MissedResults missed, long heartbeatMs) {
        this.vertx = vertx;
        this.missed = missed;
        this.heartbeatMs = heartbeatMs;
    }

    /**
     * A new connection (registered, so it already holds live results): {@code ready} names {@code since} when given
     * (the client's position does not move until replayed results reach it), else the newest entry now.
     */
    void connected(PushConnection connection, String since) {
        vertx.executeBlocking(() -> {
            String position = since == null ? missed.newestId() : since;
            MissedResults.Replay replay = since == null ? MissedResults.Replay.NONE : missed.since(connection.caller(), since);
            return new Start(position, replay);
        }, false).onComplete(started -> {
            if (started.succeeded()) {
                connection.caughtUp(PushMessages.ready(connection.caller(), started.result().position(), heartbeatMs),
                        started.result().replay());
            } else {
                failed(connection, started.cause(), PushMessages.ready(connection.caller(), since, heartbeatMs));
            }
        });
    }

    /** A {@code resume} on an open connection. */
    void resume(PushConnection connection, String since) {
        if (!connection.catchUp()) {
            connection.sendText(PushMessages.error("RESUME_IN_PROGRESS", "a resume is already under way", "since", null));
            return;
        }
        vertx.executeBlocking(() -> missed.since(connection.caller(), since), false).onComplete(replayed -> {
            if (replayed.succeeded()) {
                connection.caughtUp(null, replayed.result());
            } else {
                failed(connection, replayed.cause(), null);
            }
        });
    }

    /** Redis could not be read: the client hears so and gets live results from now on; it may resume later. */
    private void failed(PushConnection connection, Throwable cause, String readyMessage) {
        LOG.warn("Missed results of {} could not be read: {}", connection.caller(), cause.getMessage());
        connection.caughtUp(readyMessage, MissedResults.Replay.NONE);
        connection.sendText(PushMessages.error(new ApiException(503, "SERVICE_UNAVAILABLE",
                "missed results could not be read now; resume again later", null), null));
    }

    private record Start(String position, MissedResults.Replay replay) {
    }
}
