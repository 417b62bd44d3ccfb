package com.rateplatform.gateway.push;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** A connection catching up sends ready, then missed results, then the live ones held meanwhile, each once, in order. */
class PushConnectionTest {

    private final RecordingConnection connection = new RecordingConnection();

    @Test
    void liveResultsOfferedWhileConnectingWaitForReady() {
        connection.offer(event("5-0"));

        assertThat(connection.written).isEmpty();

        connection.caughtUp("ready", MissedResults.Replay.NONE);
        connection.offer(event("6-0"));
        assertThat(connection.written).containsExactly("ready", "5-0", "6-0");
    }

    @Test
    void aReplayComesBeforeHeldResultsAndWhatBothHoldIsSentOnce() {
        connection.offer(event("3-0"));
        connection.offer(event("4-0"));

        connection.caughtUp("ready", new MissedResults.Replay("1-0", List.of(event("2-0"), event("3-0")), true));

        assertThat(connection.written).containsExactly("ready", "2-0", "3-0", "4-0");
    }

    @Test
    void resultsTheReplayAlreadySentAreNotSentAgainWhenTheGatewaysFollowerLagsBehindIt() {
        connection.offer(event("3-0"));

        // The replay read up to the stream's head (5-0); the follower had only reached 3-0 and delivers 4-0, 5-0 after.
        connection.caughtUp("ready", new MissedResults.Replay("1-0", List.of(event("2-0"), event("3-0"), event("4-0"), event("5-0")), true));
        connection.offer(event("4-0"));
        connection.offer(event("5-0"));
        connection.offer(event("6-0"));

        assertThat(connection.written).containsExactly("ready", "2-0", "3-0", "4-0", "5-0", "6-0");
    }

    @Test
    void resultsOlderThanThePositionResumedFromAreNotSent() {
        connection.offer(event("9-0"));

        connection.caughtUp("ready", new MissedResults.Replay("10-0", List.of(event("11-0")), true));
        connection.offer(event("10-0"));
        connection.offer(event("12-0"));

        assertThat(connection.written).containsExactly("ready", "11-0", "12-0");
    }

    @Test
    void anIncompleteReplayIsAnnouncedBeforeTheResultsItFound() {
        connection.caughtUp(null, new MissedResults.Replay("1-0", List.of(event("9-0")), false));

        assertThat(connection.written).hasSize(2);
        assertThat(connection.written.get(0)).contains(PushMessages.RESUME_INCOMPLETE);
        assertThat(connection.written.get(1)).isEqualTo("9-0");
    }

    @Test
    void oneResumeAtATime() {
        connection.caughtUp("ready", MissedResults.Replay.NONE);

        assertThat(connection.catchUp()).isTrue();
        assertThat(connection.catchUp()).isFalse();
        connection.caughtUp(null, MissedResults.Replay.NONE);
        assertThat(connection.catchUp()).isTrue();
    }

    @Test
    void heartbeatPingsNeverOvertakeReady() {
        connection.ping();
        connection.caughtUp("ready", MissedResults.Replay.NONE);
        connection.ping();

        assertThat(connection.written).hasSize(2);
        assertThat(connection.written.get(0)).isEqualTo("ready");
        assertThat(connection.written.get(1)).contains("\"type\":\"ping\"");
    }

    private static ResultEvent event(String id) {
        return new ResultEvent(id, "alice", "r-" + id, "{}");
    }

    private static final class RecordingConnection extends PushConnection {

        final List<String> written = new ArrayList<>();

        RecordingConnection() {
            super("alice");
        }

        @Override
        String transport() {
            return "test";
        }

        @Override
        protected void send(ResultEvent event) {
            written.add(event.eventId());
        }

        @Override
        protected void sendText(String json) {
            written.add(json);
        }

        @Override
        boolean heartbeat() {
            return true;
        }

        @Override
        void close(String reason) {
            written.add("closed");
        }
    }
}
