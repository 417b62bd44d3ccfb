package com.rateplatform.gateway.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.rateplatform.gateway.support.RunningGateway;
import com.rateplatform.gateway.support.TestServers;

/** A stopping gateway reports not-ready while it keeps serving, then stops. */
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
}
