package com.rateplatform.gateway.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import com.rateplatform.gateway.stream.RedisStreamComponent;
import com.rateplatform.gateway.support.LogCapture;

/** Telling an event never fails or holds up what it reports, even with Redis away, and says so in the log once. */
class EventPublisherTest {

    @Test
    void withRedisAwayEveryPublishReturnsAndTheFailuresAreLoggedOnceEach() throws Exception {
        RedisStreamComponent nowhere = new RedisStreamComponent();
        nowhere.setUrl("redis://127.0.0.1:" + closedPort());
        nowhere.setCommandTimeout(java.time.Duration.ofMillis(500));
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        EventPublisher publisher = new EventPublisher(() -> nowhere, "monitoring_events", 100, meters);
        int events = 50;
        try (LogCapture log = LogCapture.of(EventPublisher.class)) {
            for (int i = 0; i < events; i++) {
                publisher.publish("{\"type\": \"test\", \"n\": " + i + "}");
            }

            await().atMost(Duration.ofSeconds(60)).until(() -> count(meters, "failed") + count(meters, "dropped") == events);

            assertThat(count(meters, "sent")).isZero();
            assertThat(log.lines()).hasSizeLessThanOrEqualTo(2).allMatch(line -> line.startsWith("WARN Monitoring event"));
        } finally {
            publisher.stop();
        }
    }

    private static double count(SimpleMeterRegistry meters, String outcome) {
        return meters.get(EventPublisher.EVENTS).tag("outcome", outcome).counter().count();
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
