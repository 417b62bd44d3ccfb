package com.rateplatform.gateway.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import com.rateplatform.gateway.support.RunningGateway;
import com.rateplatform.gateway.support.TestServers;

/** A stopping gateway reports not-ready while it keeps serving, moves keep-alive clients away, then stops. */
@Tag("slow")
class GracefulShutdownTest {

    @Test
    void readinessTurnsDownWhileLivenessStaysUpAndRequestsAreStillServedDuringTheDrain() throws Exception {
        RunningGateway gateway = RunningGateway.start(TestServers.uniquePrefix("shutdown"),
                Map.of("rate.roles", "gateway", "rate.shutdown.drain-ms", "3000"));
        try {
            assertThat(gateway.get("/api/health/ready").statusCode()).isEqualTo(200);

            gateway.stopAsync();

            await().atMost(Duration.ofSeconds(5)).until(() -> gateway.get("/api/health/ready").statusCode() == 503);
            assertThat(gateway.get("/api/health/live").statusCode()).isEqualTo(200);
            assertThat(gateway.postJson("/api/validation/validate", "{\"data\": {\"items\": [{\"phone\": \"0912345678\"}]}}")
                    .statusCode()).isEqualTo(202);
        } finally {
            gateway.close();
        }
    }

    @Test
    void whileDrainingEveryAnswerSaysConnectionCloseAndTheGatewayClosesTheKeepAliveConnection() throws Exception {
        RunningGateway gateway = RunningGateway.start(TestServers.uniquePrefix("shutdown"),
                Map.of("rate.roles", "gateway", "rate.shutdown.drain-ms", "3000"));
        try (Socket keptAlive = new Socket("127.0.0.1", gateway.port())) {
            keptAlive.setSoTimeout(5_000);
            String before = exchange(keptAlive);
            assertThat(before).startsWith("HTTP/1.1 200").doesNotContainIgnoringCase("connection: close");

            gateway.stopAsync();
            await().atMost(Duration.ofSeconds(5)).until(() -> gateway.get("/api/health/ready").statusCode() == 503);

            // The same connection: its next answer says close, and the gateway closes it (no read timeout; end of stream).
            String during = exchange(keptAlive);
            assertThat(during).startsWith("HTTP/1.1 200").containsIgnoringCase("connection: close");
            assertThat(keptAlive.getInputStream().read()).isEqualTo(-1);
        } finally {
            gateway.close();
        }
    }

    /** One keep-alive GET of liveness on the socket; the answer's status line and headers. */
    private static String exchange(Socket socket) throws IOException {
        socket.getOutputStream().write("GET /api/health/live HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        BufferedReader reader = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII), 1);
        StringBuilder head = new StringBuilder();
        int length = 0;
        for (String line = reader.readLine(); line != null && !line.isEmpty(); line = reader.readLine()) {
            head.append(line).append('\n');
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).trim());
            }
        }
        for (int i = 0; i < length; i++) {
            reader.read();
        }
        return head.toString();
    }
}
