package com.rateplatform.gateway.monitoring;

import static com.rateplatform.gateway.support.JsonBodies.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.rateplatform.gateway.security.Scopes;
import com.rateplatform.gateway.support.MetricsText;
import com.rateplatform.gateway.support.RunningGateway;
import com.rateplatform.gateway.support.SseClient;
import com.rateplatform.gateway.support.TestServers;
import com.rateplatform.gateway.support.TestTokens;
import com.rateplatform.gateway.support.WebhookReceiver;

/**
 * The request metrics on {@code /metrics}: what was accepted, refused, recorded, delivered and pushed, counted by the
 * labels docs/Metrics.md names. Each test compares the counters before and after what it did, and waits for its
 * requests to complete, so the next test starts with nothing in flight.
 */
class RequestMetricsTest {

    private static final String VALIDATE = "/api/validation/validate";
    private static RunningGateway gateway;

    @BeforeAll
    static void start() throws Exception {
        gateway = RunningGateway.start(TestServers.uniquePrefix("request-metrics"), Map.of(
                "rate.security.rate-limit.importer-read", "2/1m",
                "rate.webhook.secret", "metrics-webhook-secret", "rate.webhook.poll-interval-ms", "100",
                "rate.webhook.backoff-initial-ms", "200", "rate.webhook.backoff-jitter-percent", "0",
                "rate.security.webhook.allow-http", "true", "rate.security.webhook.allowed-hosts", "127.0.0.1/32"));
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @Test
    void acceptedRequestsAreCountedBySourceActionAndPriority() {
        MetricsText before = scrape();
        List<String> ids = new ArrayList<>();
        ids.add(accepted(gateway.postJson(VALIDATE, request("\"priority\": \"high\""))));
        ids.add(accepted(gateway.postJson(VALIDATE, request("\"action\": \"check\""))));
        ids.add(accepted(gateway.postJson("/api/importer/import", request("\"priority\": \"low\""))));
        JsonNode batch = json(gateway.postJson("/api/validation/batch", "{\"requests\": [" + request("\"priority\": \"low\"") + ", "
                                                                            + request("") + ", " + request("\"priority\": \"low\"") + "]}"));
        batch.get("requests").forEach(r -> ids.add(r.get("request_id").asText()));

        MetricsText after = scrape();
        assertThat(delta(before, after, "rategw_requests_accepted_total", "source", "extension", "action", "validate", "priority", "high")).isEqualTo(1);
        assertThat(delta(before, after, "rategw_requests_accepted_total", "source", "extension", "action", "check", "priority", "normal")).isEqualTo(1);
        assertThat(delta(before, after, "rategw_requests_accepted_total", "source", "importer", "action", "import", "priority", "low")).isEqualTo(1);
        assertThat(delta(before, after, "rategw_requests_accepted_total", "source", "extension", "action", "validate", "priority", "low")).isEqualTo(2);
        assertThat(delta(before, after, "rategw_requests_accepted_total", "source", "extension", "action", "validate", "priority", "normal")).isEqualTo(1);
        awaitDone(ids);
    }

    @Test
    void refusedCallsAreCountedByReasonAndTheScopeOfTheEndpoint() {
        MetricsText before = scrape();
        String readOnly = RunningGateway.token("metrics-reader", List.of(Scopes.VALIDATION_READ, Scopes.IMPORTER_READ));

        assertThat(RunningGateway.send(gateway.unauthenticated(VALIDATE).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(request("")))).statusCode()).isEqualTo(401);
        assertThat(gateway.postJson(VALIDATE, request(""), readOnly).statusCode()).isEqualTo(403);
        assertThat(gateway.postJson(VALIDATE, "{\"data\": 1}").statusCode()).isEqualTo(400);
        assertThat(RunningGateway.send(gateway.request(VALIDATE).header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("x"))).statusCode()).isEqualTo(415);
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 3; i++) { // importer:read allows 2 a minute here; an unknown id is a 404
            statuses.add(RunningGateway.send(gateway.unauthenticated("/api/importer/status/unknown-" + i)
                    .header("Authorization", "Bearer " + readOnly).GET()).statusCode());
        }
        assertThat(statuses).containsExactly(404, 404, 429);

        MetricsText after = scrape();
        assertThat(delta(before, after, "rategw_requests_rejected_total", "reason", "auth", "scope", "validation:write")).isEqualTo(1);
        assertThat(delta(before, after, "rategw_requests_rejected_total", "reason", "scope", "scope", "validation:write")).isEqualTo(1);
        assertThat(delta(before, after, "rategw_requests_rejected_total", "reason", "bad_input", "scope", "validation:write")).isEqualTo(1);
        assertThat(delta(before, after, "rategw_requests_rejected_total", "reason", "bad_input", "scope", "none")).isEqualTo(1);
        assertThat(delta(before, after, "rategw_requests_rejected_total", "reason", "bad_input", "scope", "importer:read")).isEqualTo(2);
        assertThat(delta(before, after, "rategw_requests_rejected_total", "reason", "rate_limit", "scope", "importer:read")).isEqualTo(1);
        assertThat(after.sum("rategw_requests_rejected_total") - before.sum("rategw_requests_rejected_total")).isEqualTo(7);
    }

    @Test
    void resultsAreCountedByStatusTheirItemsByVerdictAndErrorCodeAndTheirLatencyIsObserved() {
        MetricsText before = scrape();
        List<String> ids = List.of(
                accepted(gateway.postJson(VALIDATE, "{\"data\": {\"items\": [{\"phone\": \"0912345678\"}]}}")),
                accepted(gateway.postJson(VALIDATE, "{\"data\": {\"items\": [{\"phone\": \"0912345678\"}, {\"phone\": \"12\"}]}}")),
                accepted(gateway.postJson(VALIDATE, "{\"data\": {\"items\": [{\"phone\": \"phone?\"}]}}")));

        List<JsonNode> done = awaitDone(ids);

        MetricsText after = scrape();
        Map<String, Integer> statuses = new HashMap<>();
        Map<String, Integer> items = new HashMap<>();
        for (JsonNode response : done) {
            statuses.merge(response.get("status").asText(), 1, Integer::sum);
            response.get("results").forEach(item -> items.merge(item.get("verdict").asText() + "/"
                    + (item.get("error_code").isNull() ? "none" : item.get("error_code").asText()), 1, Integer::sum));
        }
        assertThat(statuses).containsOnlyKeys("success", "partial", "error");
        statuses.forEach((status, count) -> assertThat(delta(before, after, "rategw_results_total", "source", "extension", "status", status))
                .as(status).isEqualTo(count.doubleValue()));
        items.forEach((item, count) -> assertThat(delta(before, after, "rategw_result_items_total", "source", "extension",
                "verdict", item.split("/")[0], "error_code", item.split("/")[1])).as(item).isEqualTo(count.doubleValue()));
        assertThat(delta(before, after, "rategw_request_latency_seconds_count", "source", "extension")).isEqualTo(3);
        assertThat(delta(before, after, "rategw_request_latency_seconds_bucket", "source", "extension", "le", "+Inf")).isEqualTo(3);
        assertThat(delta(before, after, "rategw_request_latency_seconds_sum", "source", "extension")).isGreaterThan(0);
    }

    @Test
    void webhookAttemptsAreCountedByOutcome() throws Exception {
        MetricsText before = scrape();
        try (WebhookReceiver receiver = WebhookReceiver.answering(500, 200)) {
            String id = accepted(gateway.postJson("/api/importer/import", "{\"data\": {\"items\": [{\"phone\": \"0912345678\"}]}, "
                                                           + "\"callback_config\": {\"webhook_url\": \"" + receiver.url() + "\"}}"));
            awaitDone(List.of(id));
            await().atMost(Duration.ofSeconds(20)).until(() -> receiver.received().size() == 2);

            MetricsText after = await().atMost(Duration.ofSeconds(10)).until(RequestMetricsTest::scrape,
                    m -> delta(before, m, "rategw_webhook_attempts_total", "outcome", "delivered") == 1);
            assertThat(delta(before, after, "rategw_webhook_attempts_total", "outcome", "retry")).isEqualTo(1);
            assertThat(delta(before, after, "rategw_webhook_attempts_total", "outcome", "dead")).isZero();
            assertThat(delta(before, after, "rategw_webhook_attempt_duration_seconds_count", "outcome", "delivered")).isEqualTo(1);
            assertThat(delta(before, after, "rategw_webhook_attempt_duration_seconds_count", "outcome", "retry")).isEqualTo(1);
        }
    }

    @Test
    void pushConnectionsAreGaugedByTransportAndTheResultsSentToThemCounted() {
        MetricsText before = scrape();
        try (SseClient client = SseClient.connect(gateway.url("/api/validation/events"),
                Map.of("Authorization", "Bearer " + TestTokens.of("metrics-pushed")))) {
            client.awaitNamed("ready");
            assertThat(scrape().value("rategw_push_connections", "transport", "sse")).hasValue(1);

            String id = accepted(gateway.postJson(VALIDATE, request(""), TestTokens.of("metrics-pushed")));
            client.await(e -> "result".equals(e.name()) && id.equals(e.data().path("request_id").asText()));

            assertThat(delta(before, scrape(), "rategw_push_messages_sent_total", "transport", "sse")).isEqualTo(1);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> scrape().value("rategw_push_connections", "transport", "sse").orElse(-1) == 0);
    }

    private static String request(String more) {
        return "{" + (more.isEmpty() ? "" : more + ", ") + "\"data\": {\"items\": [{\"name\": \"Trần Thị Bình\", \"phone\": \"0912345678\", "
               + "\"bank_code\": \"VCB\", \"account_number\": \"0123456789012\"}]}}";
    }

    private static String accepted(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        return json(response).get("request_id").asText();
    }

    /** The response of each request, once every one of them is recorded (extension or importer). */
    private static List<JsonNode> awaitDone(List<String> ids) {
        List<JsonNode> done = new ArrayList<>();
        for (String id : ids) {
            done.add(await().atMost(Duration.ofSeconds(20)).until(() -> status(id), s -> !"processing".equals(s.path("status").asText())));
        }
        return done;
    }

    private static JsonNode status(String id) {
        HttpResponse<String> extension = gateway.get("/api/validation/status/" + id);
        return extension.statusCode() == 404 ? json(gateway.get("/api/importer/status/" + id)) : json(extension);
    }

    private static MetricsText scrape() {
        return MetricsText.parse(gateway.get("/metrics").body());
    }

    private static double delta(MetricsText before, MetricsText after, String name, String... labels) {
        return after.value(name, labels).orElseThrow(() -> new AssertionError("no " + name + " " + List.of(labels)))
               - before.value(name, labels).orElse(0);
    }
}
