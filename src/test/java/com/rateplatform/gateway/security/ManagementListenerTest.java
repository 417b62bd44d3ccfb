package com.rateplatform.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.rateplatform.gateway.support.RunningGateway;
import com.rateplatform.gateway.support.TestServers;

/** With a management port of its own (MANAGEMENT_PORT), /metrics and /api/health leave the public API listener. */
class ManagementListenerTest {

    @Test
    void metricsAndHealthAnswerOnlyOnTheManagementListener() throws Exception {
        int managementPort = freePort();
        try (RunningGateway gateway = RunningGateway.start(TestServers.uniquePrefix("management"),
                Map.of("rate.roles", "gateway", "camel.management.host", "127.0.0.1",
                        "camel.management.port", Integer.toString(managementPort)))) {
            String management = "http://127.0.0.1:" + managementPort;

            assertThat(gateway.get("/metrics").statusCode()).isEqualTo(404);
            assertThat(gateway.get("/api/health").statusCode()).isEqualTo(404);
            assertThat(RunningGateway.send(HttpRequest.newBuilder(URI.create(management + "/metrics")).GET()).statusCode()).isEqualTo(200);
            assertThat(RunningGateway.send(HttpRequest.newBuilder(URI.create(management + "/api/health")).GET()).statusCode()).isEqualTo(200);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
