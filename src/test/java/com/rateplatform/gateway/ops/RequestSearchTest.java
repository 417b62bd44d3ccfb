package com.rateplatform.gateway.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.rateplatform.gateway.message.Json;
import com.rateplatform.gateway.security.Scopes;
import com.rateplatform.gateway.support.RunningGateway;
import com.rateplatform.gateway.support.TestServers;
import com.rateplatform.gateway.support.WebhookReceiver;

/**
 * GET /api/monitoring/requests and /requests/{id}: requests of every caller found by any of their filters, newest
 * first, paged by a cursor; one request with its items, response, webhook deliveries and timeline. Search rows are
 * written straight to validation_requests, each test under callers of its own (the schema is shared).
 */
class RequestSearchTest {

    private static final String WEBHOOK_SECRET = "request-search-test-webhook-secret";
    private static final Instant T = Instant.parse("2026-05-01T08:00:00Z");
    private static RunningGateway gateway;

    @BeforeAll
    static void start() throws Exception {
        Map<String, String> settings = new HashMap<>();
        settings.put("rate.security.rate-limit.monitoring-read", "100000/1m");
        settings.put("rate.webhook.secret", WEBHOOK_SECRET);
        settings.put("rate.webhook.poll-interval-ms", "100");
        // The receiver is a plain-HTTP server on loopback, which the SSRF guard refuses unless allowed.
        settings.put("rate.security.webhook.allow-http", "true");
        settings.put("rate.security.webhook.allowed-hosts", "127.0.0.1/32,localhost");
        gateway = RunningGateway.start(TestServers.uniquePrefix("request-search"), settings);
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @Test
    void aCallersRequestsComeNewestFirstAPageAtATime() throws Exception {
        String caller = caller();
        for (int i = 1; i <= 5; i++) {
            insert("page-" + caller + "-" + i, caller, "success", "validate", "extension", T.plusSeconds(i));
        }

        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            JsonNode page = search("user_id=" + caller + "&limit=2" + (cursor == null ? "" : "&cursor=" + cursor));
            page.get("requests").forEach(r -> seen.add(r.get("request_id").asText()));
            cursor = page.get("next_cursor").isNull() ? null : page.get("next_cursor").asText();
            pages++;
        } while (cursor != null);

        assertThat(pages).isEqualTo(3);
        assertThat(seen).containsExactly("page-" + caller + "-5", "page-" + caller + "-4", "page-" + caller + "-3",
                "page-" + caller + "-2", "page-" + caller + "-1");
    }

    @Test
    void requestsAcceptedAtTheSameInstantArePagedWithoutLossOrRepeat() throws Exception {
        String caller = caller();
        for (int i = 1; i <= 5; i++) {
            insert("same-" + caller + "-" + i, caller, "success", "import", "importer", T);
        }

        JsonNode first = search("user_id=" + caller + "&limit=3");
        JsonNode second = search("user_id=" + caller + "&limit=3&cursor=" + first.get("next_cursor").asText());

        List<String> seen = new ArrayList<>(first.get("requests").findValuesAsText("request_id"));
        seen.addAll(second.get("requests").findValuesAsText("request_id"));
        assertThat(seen).hasSize(5).doesNotHaveDuplicates();
        assertThat(second.get("next_cursor").isNull()).isTrue();
    }

    @Test
    void statusActionSourceAndTimeRangeFiltersCombine() throws Exception {
        String caller = caller();
        insert("f-" + caller + "-1", caller, "error", "validate", "extension", T);
        insert("f-" + caller + "-2", caller, "error", "import", "importer", T.plusSeconds(10));
        insert("f-" + caller + "-3", caller, "success", "check", "extension", T.plusSeconds(20));
        insert("f-" + caller + "-4", caller, "error", "check", "extension", T.plusSeconds(30));

        assertThat(ids("user_id=" + caller + "&status=error")).containsExactly("f-" + caller + "-4", "f-" + caller + "-2", "f-" + caller + "-1");
        assertThat(ids("user_id=" + caller + "&action=check")).containsExactly("f-" + caller + "-4", "f-" + caller + "-3");
        assertThat(ids("user_id=" + caller + "&source=importer")).containsExactly("f-" + caller + "-2");
        assertThat(ids("user_id=" + caller + "&status=error&source=extension&from=" + T.plusSeconds(1) + "&to=" + T.plusSeconds(31)))
                .containsExactly("f-" + caller + "-4");
        assertThat(ids("request_id=f-" + caller + "-3")).containsExactly("f-" + caller + "-3");
        assertThat(ids("user_id=" + caller + "&source=extension&action=import")).as("an action of the other source").isEmpty();
    }

    @Test
    void filterValuesThatCannotBeReadAre400NamingTheParameter() throws Exception {
        assertThat(errorField("status=done")).isEqualTo("status");
        assertThat(errorField("action=delete")).isEqualTo("action");
        assertThat(errorField("source=mobile")).isEqualTo("source");
        assertThat(errorField("limit=0")).isEqualTo("limit");
        assertThat(errorField("cursor=bm90LWEtY3Vyc29y")).isEqualTo("cursor");
        assertThat(errorField("to=soon")).isEqualTo("to");
    }

    @Test
    void searchNeedsMonitoringRead() {
        String validationOnly = RunningGateway.token("app", List.of(Scopes.VALIDATION_READ));

        HttpResponse<String> refused = RunningGateway.send(gateway.unauthenticated("/api/monitoring/requests")
                .header("Authorization", "Bearer " + validationOnly).GET());

        assertThat(refused.statusCode()).isEqualTo(403);
    }

    @Test
    void aRequestsDetailHasItsItemsResponseWebhookDeliveryAndTimeline() throws Exception {
        try (WebhookReceiver receiver = WebhookReceiver.answering(200)) {
            // Webhooks are the Importer's: its requests get one when they complete.
            HttpResponse<String> accepted = gateway.postJson("/api/importer/import", """
                    {"data": {"items": [{"item_id": "a", "name": "Nguyễn Văn An", "phone": "0912345678"}, {"item_id": "b", "phone": "12"}]},
                     "callback_config": {"webhook_url": "%s"}}""".formatted(receiver.url()));
            assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
            String requestId = Json.MAPPER.readTree(accepted.body()).get("request_id").asText();

            JsonNode detail = await().atMost(Duration.ofSeconds(30)).until(() -> Json.MAPPER.readTree(
                    gateway.get("/api/monitoring/requests/" + requestId).body()), d -> d.at("/webhooks/0/status").asText().equals("delivered"));

            assertThat(detail.at("/request/status").asText()).isEqualTo("partial");
            assertThat(detail.at("/request/user_id").asText()).isEqualTo(RunningGateway.CALLER);
            assertThat(List.of(detail.at("/items/0/item_id").asText(), detail.at("/items/1/item_id").asText())).containsExactly("a", "b");
            assertThat(detail.get("items")).hasSize(2);
            assertThat(detail.at("/items/0/result/verdict").asText()).isEqualTo("DONE");
            assertThat(detail.at("/items/1/result/verdict").asText()).isEqualTo("ERROR");
            assertThat(detail.at("/response/message/request_id").asText()).isEqualTo(requestId);
            assertThat(detail.at("/webhooks/0/attempt_log/0/status_code").asInt()).isEqualTo(200);
            assertThat(detail.get("timeline").findValuesAsText("event"))
                    .containsExactly("accepted", "published", "validated", "recorded", "delivered");
            assertThat(detail.at("/timeline/1/entry_id").asText()).matches("\\d+-\\d+");
        }
    }

    @Test
    void aRequestsDetailMasksPhoneNumbersForCallersWhoMayOnlyRead() throws Exception {
        String caller = caller();
        insert("masked-" + caller, caller, "pending", "validate", "extension", T);
        String reader = RunningGateway.token("ops-viewer", List.of(Scopes.MONITORING_READ));

        HttpResponse<String> forReader = RunningGateway.send(gateway.unauthenticated("/api/monitoring/requests/masked-" + caller)
                .header("Authorization", "Bearer " + reader).GET());
        JsonNode forWriter = Json.MAPPER.readTree(gateway.get("/api/monitoring/requests/masked-" + caller).body());

        assertThat(forReader.statusCode()).isEqualTo(200);
        assertThat(Json.MAPPER.readTree(forReader.body()).at("/request/data/items/0/phone").asText()).isEqualTo("091****678");
        assertThat(forWriter.at("/request/data/items/0/phone").asText()).isEqualTo("0912345678");
    }

    @Test
    void anUnknownRequestIs404() {
        assertThat(gateway.get("/api/monitoring/requests/no-such-request").statusCode()).isEqualTo(404);
    }

    private static String caller() {
        return "search-" + System.nanoTime();
    }

    private static void insert(String requestId, String userId, String status, String action, String source, Instant at)
            throws Exception {
        try (Connection c = TestServers.get().jdbc(); PreparedStatement ps = c.prepareStatement("""
                INSERT INTO validation_requests (request_id, source, user_id, action, data, item_count, status, created_at, updated_at)
                VALUES (?, ?, ?, ?, '{"items": [{"item_id": "item_001", "phone": "0912345678"}]}'::jsonb, 1, ?, ?, ?)""")) {
            ps.setString(1, requestId);
            ps.setString(2, source);
            ps.setString(3, userId);
            ps.setString(4, action);
            ps.setString(5, status);
            ps.setTimestamp(6, Timestamp.from(at));
            ps.setTimestamp(7, Timestamp.from(at));
            ps.executeUpdate();
        }
    }

    private static JsonNode search(String query) throws Exception {
        HttpResponse<String> page = gateway.get("/api/monitoring/requests?" + query);
        assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
        return Json.MAPPER.readTree(page.body());
    }

    private static List<String> ids(String query) throws Exception {
        return search(query).get("requests").findValuesAsText("request_id");
    }

    private static String errorField(String query) throws Exception {
        HttpResponse<String> refused = gateway.get("/api/monitoring/requests?" + query);
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
        return Json.MAPPER.readTree(refused.body()).at("/error/field").asText();
    }
}
