package com.rateplatform.gateway.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static com.rateplatform.gateway.support.JsonBodies.json;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.lettuce.core.Range;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import com.rateplatform.gateway.message.Json;
import com.rateplatform.gateway.security.CallerWebhookSecret;
import com.rateplatform.gateway.support.FreshSchema;
import com.rateplatform.gateway.support.RunningGateway;
import com.rateplatform.gateway.support.TestServers;
import com.rateplatform.gateway.support.TokenCli;
import com.rateplatform.gateway.support.WebhookReceiver;

/**
 * Webhooks to a real receiver on loopback, for importer and real-time requests ({@code /validate}, each request of a
 * {@code /batch}) and bulk imports: sent to the request's URL or else its API token's default URL, signed, retried from
 * the schedule in PostgreSQL, dead-lettered.
 */
@Tag("slow")
class WebhookDeliveryTest {

    private static final String SECRET = "test-webhook-secret";
    private static final String PREFIX = TestServers.uniquePrefix("webhooks");

    /** Three attempts, 200 ms apart at first: a receiver that never accepts is dead-lettered within a second. */
    private static RunningGateway gateway;

    @BeforeAll
    static void start() throws Exception {
        gateway = RunningGateway.start(PREFIX, settings(Map.of("rate.webhook.max-attempts", "3",
                "rate.importer.chunk-size", "4", "rate.importer.public-base-url", "https://gateway.example")));
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @Test
    void aReceiverThatRefusesTwiceGetsOneAcceptedDeliveryAcrossAGatewayRestart() throws Exception {
        String prefix = TestServers.uniquePrefix("webhook-restart");
        try (FreshSchema schema = new FreshSchema(); WebhookReceiver receiver = WebhookReceiver.answering(500, 500, 200)) {
            // A schema of its own, so that no other gateway of this test run sends this delivery. The retry after the
            // first refusal is due 6 s later: the first gateway is gone by then (it stops in well under a second).
            Map<String, String> settings = settings(Map.of("rate.db.schema", schema.name(),
                    "rate.webhook.backoff-initial-ms", "6000", "rate.webhook.backoff-multiplier", "1"));
            Instant restarted;
            try (RunningGateway first = RunningGateway.start(prefix, settings)) {
                importWithWebhook(first, receiver.url());
                await().atMost(Duration.ofSeconds(30)).until(() -> receiver.received().size() == 1);
            }
            assertThat(receiver.received()).as("attempts while no gateway runs").hasSize(1);

            try (RunningGateway second = RunningGateway.start(prefix, settings)) {
                restarted = Instant.now();
                await().atMost(Duration.ofSeconds(30)).until(() -> receiver.received().size() == 3);
                String deliveryId = receiver.received().get(0).header("X-Rate-Delivery-Id");
                JsonNode delivery = await().atMost(Duration.ofSeconds(10))
                        .until(() -> json(second.get("/api/importer/webhooks/" + deliveryId)), d -> d.get("status").asText().equals("delivered"));
                assertThat(delivery.get("attempts").asInt()).isEqualTo(3);
                assertThat(delivery.get("attempt_log").findValuesAsText("status_code")).containsExactly("500", "500", "200");
                // Nothing more arrives once the receiver has accepted it.
                await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(2)).until(() -> receiver.received().size() == 3);
            }

            List<WebhookReceiver.Received> received = receiver.received();
            assertThat(received).extracting(WebhookReceiver.Received::answered).containsExactly(500, 500, 200);
            assertThat(received).extracting(r -> r.header("X-Rate-Delivery-Id")).containsOnly(received.get(0).header("X-Rate-Delivery-Id"));
            assertThat(received).allSatisfy(r -> assertThat(r.signedWith(SECRET)).as("signature of attempt " + r.header("X-Rate-Attempt")).isTrue());
            assertThat(received).extracting(r -> r.header("X-Rate-Attempt")).containsExactly("1", "2", "3");
            assertThat(received.get(1).at()).as("the second attempt came from the restarted gateway").isAfter(restarted);
        }
    }

    @Test
    void aRequestWebhookCarriesTheSignedResponseMessage() throws Exception {
        try (WebhookReceiver receiver = WebhookReceiver.answering(200)) {
            String requestId = importWithWebhook(gateway, receiver.url());

            await().atMost(Duration.ofSeconds(30)).until(() -> receiver.received().size() == 1);

            WebhookReceiver.Received delivery = receiver.received().get(0);
            JsonNode body = Json.MAPPER.readTree(delivery.body());
            assertThat(body.get("request_id").asText()).isEqualTo(requestId);
            assertThat(body.get("status").asText()).isEqualTo("success");
            assertThat(body.get("results")).hasSize(1);
            assertThat(delivery.header("X-Rate-Event")).isEqualTo("request.completed");
            assertThat(delivery.header("Content-Type")).isEqualTo("application/json");
            assertThat(Long.parseLong(delivery.header("X-Rate-Timestamp"))).isCloseTo(Instant.now().getEpochSecond(), org.assertj.core.data.Offset.offset(60L));
            assertThat(delivery.signedWith(SECRET)).isTrue();
            assertThat(delivery.signedWith("another-secret")).isFalse();
        }
    }

    @Test
    void aBatchWebhookIsOneSummaryWithCountsAndTheResultsLink() throws Exception {
        try (WebhookReceiver receiver = WebhookReceiver.answering(204)) {
            StringBuilder lines = new StringBuilder();
            for (int i = 1; i <= 10; i++) {
                lines.append(i == 5 ? "{\"name\": \"No Contact\"}" : "{\"name\": \"Lê Văn Cường\", \"phone\": \"09123450" + (10 + i) + "\"}").append('\n');
            }
            HttpResponse<String> accepted = RunningGateway.send(gateway.request("/api/importer/bulk?webhook_url=" + receiver.url())
                    .header("Content-Type", "application/x-ndjson")
                    .POST(HttpRequest.BodyPublishers.ofString(lines.toString())));
            assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
            String batchId = json(accepted).get("batch_id").asText();

            await().atMost(Duration.ofSeconds(30)).until(() -> receiver.received().size() == 1);
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(2)).until(() -> receiver.received().size() == 1);

            WebhookReceiver.Received delivery = receiver.received().get(0);
            JsonNode summary = Json.MAPPER.readTree(delivery.body());
            assertThat(delivery.header("X-Rate-Event")).isEqualTo("batch.completed");
            assertThat(delivery.signedWith(SECRET)).isTrue();
            assertThat(summary.get("batch_id").asText()).isEqualTo(batchId);
            assertThat(summary.get("status").asText()).isEqualTo("partial");
            assertThat(summary.get("items").asLong()).isEqualTo(10);
            assertThat(summary.get("done").asLong()).isEqualTo(9);
            assertThat(summary.get("error").asLong()).isEqualTo(1);
            assertThat(summary.get("pending").asLong()).isZero();
            assertThat(summary.get("chunks").asInt()).isEqualTo(3);
            assertThat(summary.get("results").asText()).isEqualTo("https://gateway.example/api/importer/status/" + batchId + "/results");
            JsonNode status = json(gateway.get("/api/importer/status/" + batchId));
            assertThat(status.get("webhook").get("delivery_id").asText()).isEqualTo(delivery.header("X-Rate-Delivery-Id"));
        }
    }

    @Test
    void aReceiverThatNeverAcceptsEndsInTheDeadLetterStreamWithItsAttemptsRecorded() throws Exception {
        try (WebhookReceiver receiver = WebhookReceiver.answering(503)) {
            importWithWebhook(gateway, receiver.url());
            await().atMost(Duration.ofSeconds(30)).until(() -> receiver.received().size() == 3);
            String deliveryId = receiver.received().get(0).header("X-Rate-Delivery-Id");

            JsonNode delivery = await().atMost(Duration.ofSeconds(10))
                    .until(() -> json(gateway.get("/api/importer/webhooks/" + deliveryId)), d -> d.get("status").asText().equals("dead"));

            assertThat(delivery.get("attempts").asInt()).isEqualTo(3);
            assertThat(delivery.get("last_status_code").asInt()).isEqualTo(503);
            assertThat(delivery.get("last_error").asText()).isEqualTo("HTTP 503");
            assertThat(delivery.get("next_attempt_at").isNull()).isTrue();
            assertThat(delivery.get("attempt_log")).hasSize(3);
            assertThat(delivery.get("attempt_log").findValuesAsText("error")).containsOnly("HTTP 503");
            JsonNode deadLetter = await().atMost(Duration.ofSeconds(10)).until(() -> deadLetterOf(PREFIX, deliveryId), d -> d != null);
            assertThat(deadLetter.get("attempts").asInt()).isEqualTo(3);
            assertThat(deadLetter.get("fail_count").asInt()).isEqualTo(3);
            assertThat(deadLetter.get("error").asText()).isEqualTo("HTTP 503");
            assertThat(deadLetter.get("url").asText()).isEqualTo(receiver.url());
            assertThat(Json.MAPPER.readTree(deadLetter.get("payload").asText()).has("request_id")).isTrue();
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(2)).until(() -> receiver.received().size() == 3);
        }
    }

    @Test
    void aRequestNamingNoUrlIsDeliveredOnceToItsTokensDefaultUrl() throws Exception {
        try (WebhookReceiver receiver = WebhookReceiver.answering(200)) {
            String token = TokenCli.run("create", "--name", "default-url", "--scopes", "importer:write",
                    "--webhook-url", receiver.url()).token();

            String requestId = importAs(token, null);

            await().atMost(Duration.ofSeconds(30)).until(() -> receiver.received().size() == 1);
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(2)).until(() -> receiver.received().size() == 1);
            WebhookReceiver.Received delivery = receiver.received().get(0);
            assertThat(Json.MAPPER.readTree(delivery.body()).get("request_id").asText()).isEqualTo(requestId);
            assertThat(delivery.header("X-Rate-Event")).isEqualTo("request.completed");
            assertThat(delivery.signedWith(CallerWebhookSecret.derive(SECRET, "token:default-url"))).isTrue();
        }
    }

    @Test
    void aBulkImportNamingNoUrlIsDeliveredToItsTokensDefaultUrl() throws Exception {
        try (WebhookReceiver receiver = WebhookReceiver.answering(200)) {
            String token = TokenCli.run("create", "--name", "default-url-bulk", "--scopes", "importer:write",
                    "--webhook-url", receiver.url()).token();

            HttpResponse<String> accepted = RunningGateway.send(gateway.unauthenticated("/api/importer/bulk").header("X-API-Token", token)
                    .header("Content-Type", "application/x-ndjson")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"Lê Văn Cường\", \"phone\": \"0912345011\"}\n")));
            assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);

            await().atMost(Duration.ofSeconds(30)).until(() -> receiver.received().size() == 1);
            WebhookReceiver.Received delivery = receiver.received().get(0);
            assertThat(delivery.header("X-Rate-Event")).isEqualTo("batch.completed");
            assertThat(Json.MAPPER.readTree(delivery.body()).get("batch_id").asText()).isEqualTo(json(accepted).get("batch_id").asText());
        }
    }

    @Test
    void theRequestsOwnUrlWinsOverItsTokensDefault() throws Exception {
        try (WebhookReceiver byDefault = WebhookReceiver.answering(200); WebhookReceiver named = WebhookReceiver.answering(200)) {
            String token = TokenCli.run("create", "--name", "default-overridden", "--scopes", "importer:write",
                    "--webhook-url", byDefault.url()).token();

            importAs(token, named.url());

            await().atMost(Duration.ofSeconds(30)).until(() -> named.received().size() == 1);
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(2)).until(() -> named.received().size() == 1);
            assertThat(byDefault.received()).isEmpty();
        }
    }

    @Test
    void aRevokedTokensUrlIsNotUsedForItsCaller() throws Exception {
        try (WebhookReceiver active = WebhookReceiver.answering(200); WebhookReceiver revoked = WebhookReceiver.answering(200)) {
            // Two tokens of one caller (a rotation): the newer one, revoked, would otherwise give the default URL.
            String token = TokenCli.run("create", "--name", "rotated", "--scopes", "importer:write", "--webhook-url", active.url()).token();
            String revokedId = TokenCli.run("create", "--name", "rotated", "--scopes", "importer:write", "--webhook-url", revoked.url()).id();
            assertThat(TokenCli.run("revoke", revokedId).exitCode()).isZero();

            importAs(token, null);

            await().atMost(Duration.ofSeconds(30)).until(() -> active.received().size() == 1);
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(2)).until(() -> active.received().size() == 1);
            assertThat(revoked.received()).isEmpty();
        }
    }

    @Test
    void aValidateRequestNamingAWebhookGetsOneSignedDeliveryOfItsResponse() throws Exception {
        try (WebhookReceiver receiver = WebhookReceiver.answering(200)) {
            HttpResponse<String> accepted = gateway.postJson("/api/validation/validate", realTimeRequest(receiver.url()));
            assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
            String requestId = json(accepted).get("request_id").asText();

            await().atMost(Duration.ofSeconds(30)).until(() -> receiver.received().size() == 1);
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(2)).until(() -> receiver.received().size() == 1);

            WebhookReceiver.Received delivery = receiver.received().get(0);
            JsonNode body = Json.MAPPER.readTree(delivery.body());
            assertThat(body.get("request_id").asText()).isEqualTo(requestId);
            assertThat(body.get("status").asText()).isEqualTo("success");
            assertThat(delivery.header("X-Rate-Event")).isEqualTo("request.completed");
            assertThat(delivery.header("X-Rate-Attempt")).isEqualTo("1");
            assertThat(delivery.signedWith(SECRET)).isTrue();
        }
    }

    @Test
    void eachRequestOfAValidationBatchGetsOneSignedDeliveryOfItsOwnResponse() throws Exception {
        try (WebhookReceiver receiver = WebhookReceiver.answering(200)) {
            HttpResponse<String> accepted = gateway.postJson("/api/validation/batch",
                    "{\"requests\": [" + realTimeRequest(receiver.url()) + ", " + realTimeRequest(receiver.url()) + "]}");
            assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
            List<String> requestIds = json(accepted).get("requests").findValuesAsText("request_id");

            await().atMost(Duration.ofSeconds(30)).until(() -> receiver.received().size() == 2);
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(2)).until(() -> receiver.received().size() == 2);

            List<WebhookReceiver.Received> received = receiver.received();
            assertThat(received).extracting(r -> Json.MAPPER.readTree(r.body()).get("request_id").asText())
                    .containsExactlyInAnyOrderElementsOf(requestIds);
            assertThat(received).extracting(r -> r.header("X-Rate-Delivery-Id")).doesNotHaveDuplicates();
            assertThat(received).allSatisfy(r -> assertThat(r.signedWith(SECRET)).isTrue());
        }
    }

    @Test
    void aValidateRequestsWebhookRefusedWith500IsSentAgainUntilAccepted() throws Exception {
        try (WebhookReceiver receiver = WebhookReceiver.answering(500, 200)) {
            HttpResponse<String> accepted = gateway.postJson("/api/validation/validate", realTimeRequest(receiver.url()));
            assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);

            await().atMost(Duration.ofSeconds(30)).until(() -> receiver.received().size() == 2);
            String deliveryId = receiver.received().get(0).header("X-Rate-Delivery-Id");
            JsonNode delivery = await().atMost(Duration.ofSeconds(10))
                    .until(() -> json(gateway.get("/api/importer/webhooks/" + deliveryId)), d -> d.get("status").asText().equals("delivered"));

            List<WebhookReceiver.Received> received = receiver.received();
            assertThat(received).extracting(WebhookReceiver.Received::answered).containsExactly(500, 200);
            assertThat(received).extracting(r -> r.header("X-Rate-Delivery-Id")).containsOnly(deliveryId);
            assertThat(received).extracting(r -> r.header("X-Rate-Attempt")).containsExactly("1", "2");
            assertThat(received).allSatisfy(r -> assertThat(r.signedWith(SECRET)).isTrue());
            assertThat(delivery.get("subject").get("id").asText()).isEqualTo(json(accepted).get("request_id").asText());
        }
    }

    @Test
    void aValidateRequestNamingNoUrlIsDeliveredToItsTokensDefaultUrl() throws Exception {
        try (WebhookReceiver receiver = WebhookReceiver.answering(200)) {
            String token = TokenCli.run("create", "--name", "default-url-validate", "--scopes", "validation:write",
                    "--webhook-url", receiver.url()).token();

            HttpResponse<String> accepted = RunningGateway.send(gateway.unauthenticated("/api/validation/validate")
                    .header("X-API-Token", token).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"data\": {\"items\": [{\"phone\": \"0912345678\"}]}}")));
            assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);

            await().atMost(Duration.ofSeconds(30)).until(() -> receiver.received().size() == 1);
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(2)).until(() -> receiver.received().size() == 1);
            WebhookReceiver.Received delivery = receiver.received().get(0);
            assertThat(Json.MAPPER.readTree(delivery.body()).get("request_id").asText()).isEqualTo(json(accepted).get("request_id").asText());
            assertThat(delivery.signedWith(CallerWebhookSecret.derive(SECRET, "token:default-url-validate"))).isTrue();
        }
    }

    @Test
    void anUnknownDeliveryIs404() {
        assertThat(gateway.get("/api/importer/webhooks/01a2014e-28fc-74a5-86c4-836d0937d305").statusCode()).isEqualTo(404);
        assertThat(gateway.get("/api/importer/webhooks/not-a-uuid").statusCode()).isEqualTo(404);
    }

    /** Fast polling and retries, so a test sees several attempts within seconds. */
    private static Map<String, String> settings(Map<String, String> overrides) {
        Map<String, String> settings = new HashMap<>();
        settings.put("rate.webhook.secret", SECRET);
        settings.put("rate.webhook.poll-interval-ms", "100");
        settings.put("rate.webhook.backoff-initial-ms", "200");
        settings.put("rate.webhook.backoff-jitter-percent", "0");
        // The receivers are plain-HTTP servers on loopback, which the SSRF guard refuses unless allowed.
        settings.put("rate.security.webhook.allow-http", "true");
        settings.put("rate.security.webhook.allowed-hosts", "127.0.0.1/32,localhost");
        settings.putAll(overrides);
        return settings;
    }

    private static String importWithWebhook(RunningGateway target, String webhookUrl) {
        HttpResponse<String> response = target.postJson("/api/importer/import", """
                {"data": {"items": [{"name": "Nguyễn Văn An", "phone": "0912345678"}]}, "callback_config": {"webhook_url": "%s"}}"""
                .formatted(webhookUrl));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        return json(response).get("request_id").asText();
    }

    /** A real-time request body (validate, or one request of a batch) naming the webhook URL. */
    private static String realTimeRequest(String webhookUrl) {
        return """
                {"data": {"items": [{"name": "Nguyễn Văn An", "phone": "0912345678"}]}, "callback_config": {"webhook_url": "%s"}}"""
                .formatted(webhookUrl);
    }

    /** POST /api/importer/import with an API token, naming {@code webhookUrl} unless it is null; the request id. */
    private static String importAs(String apiToken, String webhookUrl) {
        String callback = webhookUrl == null ? "" : ", \"callback_config\": {\"webhook_url\": \"%s\"}".formatted(webhookUrl);
        HttpResponse<String> response = RunningGateway.send(gateway.unauthenticated("/api/importer/import")
                .header("X-API-Token", apiToken).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("""
                        {"data": {"items": [{"name": "Nguyễn Văn An", "phone": "0912345678"}]}%s}""".formatted(callback))));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        return json(response).get("request_id").asText();
    }

    private static JsonNode deadLetterOf(String prefix, String deliveryId) throws Exception {
        for (var entry : TestServers.get().redis().xrange(prefix + "validation_dlq", Range.create("-", "+"))) {
            JsonNode deadLetter = Json.MAPPER.readTree(entry.getBody().get("data"));
            if (deliveryId.equals(deadLetter.path("delivery_id").asText())) {
                return deadLetter;
            }
        }
        return null;
    }
}
