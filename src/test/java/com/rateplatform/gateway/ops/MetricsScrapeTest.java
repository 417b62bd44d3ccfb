package com.rateplatform.gateway.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.rateplatform.gateway.support.RunningGateway;
import com.rateplatform.gateway.support.TestServers;

/**
 * /metrics is a scrape endpoint: every scraper gets the Prometheus text format whatever its Accept header (Telegraf
 * sends {@code text/plain;version=0.0.4}, curl {@code *}{@code /*}, a browser {@code text/html}), and OpenMetrics when
 * it asks for it. On the API listener and on a management listener of its own (MANAGEMENT_PORT) alike.
 */
class MetricsScrapeTest {

    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private static RunningGateway shared;
    private static RunningGateway separate;
    private static String managementUrl;

    @BeforeAll
    static void start() throws Exception {
        shared = RunningGateway.start(TestServers.uniquePrefix("metrics"), Map.of("rate.roles", "gateway"));
        int managementPort = freePort();
        separate = RunningGateway.start(TestServers.uniquePrefix("metrics-mgmt"), Map.of("rate.roles", "gateway",
                "camel.management.host", "127.0.0.1", "camel.management.port", Integer.toString(managementPort)));
        managementUrl = "http://127.0.0.1:" + managementPort + "/metrics";
    }

    @AfterAll
    static void stop() {
        if (shared != null) {
            shared.close();
        }
        if (separate != null) {
            separate.close();
        }
    }

    @ParameterizedTest(name = "Accept: {0}")
    @ValueSource(strings = { "text/plain;version=0.0.4", "text/plain", "application/json", "text/html", "*/*",
            "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1" })
    void apiListenerServesPrometheusTextToEveryAcceptHeader(String accept) {
        HttpResponse<String> response = RunningGateway.send(shared.unauthenticated("/metrics").header("Accept", accept).GET());

        assertPrometheusText(response, accept);
    }

    @ParameterizedTest(name = "Accept: {0}")
    @ValueSource(strings = { "text/plain;version=0.0.4", "text/plain", "application/json", "text/html", "*/*" })
    void managementListenerServesPrometheusTextToEveryAcceptHeader(String accept) {
        HttpResponse<String> response = RunningGateway.send(HttpRequest.newBuilder(URI.create(managementUrl)).header("Accept", accept).GET());

        assertPrometheusText(response, accept);
    }

    @Test
    void scrapeWithoutAcceptHeaderGetsPrometheusText() {
        HttpResponse<String> response = RunningGateway.send(shared.unauthenticated("/metrics").GET());

        assertPrometheusText(response, "(none)");
    }

    @Test
    void scraperAskingForOpenMetricsGetsOpenMetrics() {
        HttpResponse<String> response = RunningGateway.send(shared.unauthenticated("/metrics")
                .header("Accept", "application/openmetrics-text; version=1.0.0; charset=utf-8").GET());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).get().asString().startsWith("application/openmetrics-text");
        assertThat(response.body()).contains("# TYPE camel_exchanges").endsWith("# EOF\n");
    }

    private static void assertPrometheusText(HttpResponse<String> response, String accept) {
        assertThat(response.statusCode()).as("Accept: %s → %s", accept, response.body()).isEqualTo(200);
        if (!accept.startsWith("application/openmetrics-text")) {
            assertThat(response.headers().firstValue("Content-Type")).get().isEqualTo(PROMETHEUS_TEXT);
            assertThat(response.body()).doesNotContain("# EOF");
        }
        assertThat(response.body()).contains("# HELP ").contains("# TYPE camel_exchanges");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
