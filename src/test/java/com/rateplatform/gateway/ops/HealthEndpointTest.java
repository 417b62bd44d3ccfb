package com.rateplatform.gateway.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import redis.embedded.RedisServer;

import com.rateplatform.gateway.support.RunningGateway;
import com.rateplatform.gateway.support.TestServers;

/** /api/health names the part that fails. Uses a Redis of its own, which it stops and starts. */
@Tag("slow")
class HealthEndpointTest {

    private RedisServer redis;
    private RunningGateway gateway;

    @AfterEach
    void stop() throws IOException {
        if (gateway != null) {
            gateway.close();
        }
        if (redis != null) {
            redis.stop();
        }
    }

    @Test
    void healthIs503NamingRedisWhileRedisIsDownAnd200OnceItIsBack() throws Exception {
        startAGatewayOnARedisOfItsOwn();
        assertThat(gateway.get("/api/health").statusCode()).isEqualTo(200);

        redis.stop();

        HttpResponse<String> down = await().atMost(Duration.ofSeconds(20))
                .until(() -> gateway.get("/api/health"), r -> r.statusCode() == 503);
        assertThat(down.body()).contains("\"name\":\"redis\"").contains("DOWN").doesNotContain("\"name\":\"postgresql\"");

        redis.start();

        await().atMost(Duration.ofSeconds(30)).until(() -> gateway.get("/api/health").statusCode() == 200);
    }

    @Test
    void livenessStaysUpWhileRedisIsDownForItAsksNoServerAndReadinessNamesRedis() throws Exception {
        startAGatewayOnARedisOfItsOwn();

        redis.stop();

        HttpResponse<String> ready = await().atMost(Duration.ofSeconds(20))
                .until(() -> gateway.get("/api/health/ready"), r -> r.statusCode() == 503);
        assertThat(ready.body()).contains("\"name\":\"redis\"");
        assertThat(gateway.get("/api/health/live").statusCode()).isEqualTo(200);
    }

    @Test
    void intakeAnswers503WithRetryAfterWhileRedisIsDown() throws Exception {
        startAGatewayOnARedisOfItsOwn();
        redis.stop();

        HttpResponse<String> response = await().atMost(Duration.ofSeconds(20)).until(
                () -> gateway.postJson("/api/validation/validate", "{\"data\": {\"items\": [{\"phone\": \"0912345678\"}]}}"),
                r -> r.statusCode() != 202);

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).isPresent();
        assertThat(response.body()).contains("SERVICE_UNAVAILABLE").doesNotContain("Exception");
    }

    @Test
    void aDeadDatabaseGives503NamingPostgresqlAndTheIntakeAnswers503InsteadOfHanging() throws Exception {
        gateway = RunningGateway.start(TestServers.uniquePrefix("health"), Map.of("rate.roles", "gateway",
                "rate.db.migrate", "false", "rate.db.url", "jdbc:postgresql://127.0.0.1:" + freePort() + "/nothing",
                "rate.db.connection-timeout-ms", "1000"));

        HttpResponse<String> health = gateway.get("/api/health");
        // A hang would end in the test client's own timeout and fail the test.
        HttpResponse<String> intake = gateway.postJson("/api/validation/validate", "{\"data\": {\"items\": [{\"phone\": \"0912345678\"}]}}");

        assertThat(health.statusCode()).isEqualTo(503);
        assertThat(health.body()).contains("\"name\":\"postgresql\"");
        assertThat(intake.statusCode()).isEqualTo(503);
        assertThat(intake.body()).contains("SERVICE_UNAVAILABLE");
    }

    /** A Redis this test may stop and start, and a gateway on it. */
    private void startAGatewayOnARedisOfItsOwn() throws Exception {
        int port = freePort();
        redis = RedisServer.newRedisServer().port(port).bind("127.0.0.1").setting("save \"\"").build();
        redis.start();
        gateway = RunningGateway.start(TestServers.uniquePrefix("health"),
                Map.of("rate.redis.url", "redis://127.0.0.1:" + port, "rate.roles", "gateway"));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
