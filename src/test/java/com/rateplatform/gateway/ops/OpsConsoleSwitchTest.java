package com.rateplatform.gateway.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.rateplatform.gateway.support.RunningGateway;
import com.rateplatform.gateway.support.TestServers;

/** OPS_CONSOLE_ENABLED=false removes the page, not the monitoring API it calls. */
class OpsConsoleSwitchTest {

    private static RunningGateway gateway;

    @BeforeAll
    static void start() throws Exception {
        gateway = RunningGateway.start(TestServers.uniquePrefix("ops-off"), Map.of("rate.roles", "gateway",
                "rate.ops.console-enabled", "false"));
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @Test
    void theConsoleIsNotServedWhenSwitchedOff() {
        assertThat(gateway.get("/ops/").statusCode()).isEqualTo(404);
        assertThat(gateway.get("/ops/ops.js").statusCode()).isEqualTo(404);
    }

    @Test
    void theMonitoringApiStillAnswersWhenTheConsoleIsOff() {
        assertThat(gateway.get("/api/monitoring/session").statusCode()).isEqualTo(200);
    }
}
