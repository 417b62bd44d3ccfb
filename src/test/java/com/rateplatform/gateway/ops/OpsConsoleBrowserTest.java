package com.rateplatform.gateway.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

import com.rateplatform.gateway.message.Json;
import com.rateplatform.gateway.security.Scopes;
import com.rateplatform.gateway.support.HeadlessChromium;
import com.rateplatform.gateway.support.RunningGateway;
import com.rateplatform.gateway.message.RequestMessage;
import com.rateplatform.gateway.support.TestServers;
import com.rateplatform.gateway.support.TestKeys;

/**
 * The ops console in a real browser (Debian's headless Chromium driven by chromedriver): an operator filters the dead
 * letters, replays one and watches its request complete; a caller who may only read is shown no control that changes
 * state, and the API refuses it when it calls one anyway. Skipped only where /usr/bin/chromium is not installed
 * ({@code .ci/run} installs it).
 */
@Tag("slow")
class OpsConsoleBrowserTest {

    private static final Path SCREENSHOT = Path.of("target", "ops-console", "replayed.png");
    /** Accepted in a month that has no partition of raw_items yet: storing its items fails until ops create one. */
    private static final Instant ACCEPTED = Instant.parse("2031-01-15T10:00:00Z");

    private static String schema;
    private static RunningGateway gateway;
    private static HeadlessChromium chromium;
    private static WebDriver browser;

    @BeforeAll
    static void start() throws Exception {
        if (!HeadlessChromium.isInstalled()) {
            return; // each test reports itself skipped, with the reason (needsTheBrowser)
        }
        // A schema of its own: the partition this test creates, and the requests it shows, are no other test's business.
        schema = TestServers.isolatedSchema();
        gateway = RunningGateway.start(TestServers.uniquePrefix("ops-console"), Map.of(
                "rate.db.schema", schema,
                "rate.retry.max-deliveries", "2",
                "rate.retry.max-redeliveries", "1",
                "rate.retry.initial-delay-ms", "20",
                "rate.worker.claim-idle-ms", "300",
                "rate.worker.claim-interval-ms", "100",
                "rate.security.rate-limit.monitoring-read", "100000/1m",
                "rate.security.rate-limit.monitoring-write", "100000/1m"));
        chromium = HeadlessChromium.start("1300,1000");
        browser = chromium.browser();
    }

    @BeforeEach
    void needsTheBrowser() {
        assumeTrue(HeadlessChromium.isInstalled(), HeadlessChromium.missing());
    }

    @AfterAll
    static void stop() throws IOException {
        if (chromium != null) {
            chromium.close();
        }
        if (gateway != null) {
            gateway.close();
        }
    }

    @Test
    void anOperatorFiltersTheDeadLettersReplaysOneAndSeesItsRequestComplete() throws Exception {
        String requestId = "ops-replay-" + System.nanoTime();
        acceptRequest(requestId);
        String malformed = TestServers.get().redis().xadd(gateway.key("validation_requests"), Map.of("data", "not json {"));
        awaitDeadLetter(e -> requestId.equals(e.path("request_id").asText()));
        awaitDeadLetter(e -> malformed.equals(e.path("origin_id").asText()));
        createPartitionsFor(ACCEPTED); // ops fix the cause

        connect(RunningGateway.token("ops-alice", List.of(Scopes.MONITORING_READ, Scopes.MONITORING_WRITE)));
        assertThat(text(By.id("session"))).isEqualTo("connected as ops-alice · may replay and delete");
        browser.findElement(By.cssSelector("[data-tab=requests]")).click();
        assertThat(searchRequest(requestId)).isEqualTo("error DELIVERY_LIMIT_EXCEEDED");

        browser.findElement(By.cssSelector("[data-tab=dlq]")).click();
        browser.findElement(By.id("dlq-error-code")).sendKeys("DELIVERY_LIMIT_EXCEEDED");
        new Select(browser.findElement(By.id("dlq-source"))).selectByValue("extension");
        browser.findElement(By.id("dlq-search")).click();
        List<WebElement> rows = eventually().until(() -> browser.findElements(By.cssSelector("#dlq-entries tbody tr")),
                found -> !found.isEmpty() && !text(By.id("dlq-state")).equals("searching…"));
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).findElements(By.tagName("td")).get(3).getText()).isEqualTo(requestId);

        rows.get(0).findElement(By.cssSelector("button.replay")).click();
        eventually().until(() -> browser.findElement(By.cssSelector("#dlq-entries .outcome")).getText(),
                outcome -> outcome.equals("replayed; request success"));

        browser.findElement(By.cssSelector("[data-tab=requests]")).click();
        assertThat(searchRequest(requestId)).isEqualTo("success");
        browser.findElement(By.cssSelector("#request-rows tbody tr")).click();
        eventually().until(() -> !browser.findElement(By.id("request-detail")).isDisplayed() ? null
                : browser.findElement(By.cssSelector("#request-detail .timeline")).getText(), timeline -> timeline.contains("recorded"));
        assertThat(text(By.cssSelector("#request-detail .timeline"))).contains("replayed").contains("\"by\":\"ops-alice\"");
        chromium.screenshot(SCREENSHOT);
        assertThat(TestServers.get().countIn(schema, "SELECT count(*) FROM audit_log WHERE actor = 'ops-alice' AND action = 'dlq.replay'"
                + " AND details->>'request_id' = ?", requestId)).isEqualTo(1);
    }

    @Test
    void aCallerWhoMayOnlyReadSeesNoControlThatChangesStateAndIsRefusedWhenItCallsOne() throws Exception {
        String origin = TestServers.get().redis().xadd(gateway.key("validation_requests"), Map.of("data", "read-only view {"));
        String entryId = awaitDeadLetter(e -> origin.equals(e.path("origin_id").asText())).get("id").asText();
        String reader = RunningGateway.token("ops-viewer", List.of(Scopes.MONITORING_READ));

        connect(reader);
        assertThat(text(By.id("session"))).isEqualTo("connected as ops-viewer · read-only");
        browser.findElement(By.cssSelector("[data-tab=dlq]")).click();
        eventually().until(() -> browser.findElements(By.cssSelector("#dlq-entries tbody tr[data-id='" + entryId + "']")).size() == 1);

        assertThat(browser.findElements(By.cssSelector("button.replay, button.delete, #dlq-replay-all"))).isEmpty();
        assertThat(send(reader, "/api/monitoring/dlq/" + entryId + "/replay", "POST").statusCode()).isEqualTo(403);
        assertThat(send(reader, "/api/monitoring/dlq/" + entryId, "DELETE").statusCode()).isEqualTo(403);
        assertThat(send(reader, "/api/monitoring/dlq/replay", "POST").statusCode()).isEqualTo(403);
    }

    @Test
    void thePageIsServedWithAPolicyThatLetsItTalkOnlyToThisGateway() {
        HttpResponse<String> page = gateway.get("/ops/");
        HttpResponse<String> bare = gateway.get("/ops");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValue(
                "default-src 'self'; connect-src 'self'; img-src 'self' data:; frame-ancestors 'none'");
        assertThat(bare.statusCode()).isEqualTo(301);
        assertThat(bare.headers().firstValue("Location")).hasValue("/ops/");
    }

    private static void connect(String token) {
        browser.get(gateway.url("/ops/"));
        browser.findElement(By.id("token")).sendKeys(token);
        browser.findElement(By.id("connect")).click();
        eventually().until(() -> text(By.id("session")).startsWith("connected as"));
    }

    /** Searches the requests view by request id; the status shown in its row. */
    private static String searchRequest(String requestId) {
        WebElement field = browser.findElement(By.id("req-request-id"));
        field.clear();
        field.sendKeys(requestId);
        browser.findElement(By.id("req-search")).click();
        return eventually().until(() -> browser.findElement(By.cssSelector("#request-rows tbody tr[data-request-id='" + requestId + "'] .status")).getText(),
                status -> !status.isEmpty());
    }

    /** A request as intake records and publishes it, accepted at {@link #ACCEPTED}. */
    private static void acceptRequest(String requestId) throws Exception {
        try (Connection c = TestServers.get().jdbc(schema); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO validation_requests (request_id, source, user_id, action, data, item_count, created_at, updated_at) "
                + "VALUES (?, 'extension', 'shop-1', 'validate', '{\"items\": []}'::jsonb, 1, ?, ?)")) {
            ps.setString(1, requestId);
            ps.setTimestamp(2, Timestamp.from(ACCEPTED));
            ps.setTimestamp(3, Timestamp.from(ACCEPTED));
            ps.executeUpdate();
        }
        TestServers.get().redis().xadd(gateway.key("validation_requests"), Map.of("data", TestKeys.codec().encodeRequest(Json.read("""
                {"request_id": "%s", "source": "extension", "user_id": "shop-1", "action": "validate",
                 "data": {"items": [{"item_id": "item_001", "phone": "0912345678"}]}, "priority": "normal",
                 "callback_config": {"stream": "extension_responses"}, "timestamp": "%s"}""".formatted(requestId, ACCEPTED),
                RequestMessage.class))));
    }

    private static void createPartitionsFor(Instant month) throws Exception {
        try (Connection c = TestServers.get().jdbc(schema); PreparedStatement ps = c.prepareStatement(
                "SELECT create_monthly_partitions('raw_items', ?, 1), create_monthly_partitions('raw_item_errors', ?, 1)")) {
            ps.setTimestamp(1, Timestamp.from(month));
            ps.setTimestamp(2, Timestamp.from(month));
            ps.executeQuery().close();
        }
    }

    private static JsonNode awaitDeadLetter(java.util.function.Predicate<JsonNode> match) {
        return await().atMost(Duration.ofSeconds(30)).until(() -> {
            JsonNode entries = Json.MAPPER.readTree(gateway.get("/api/monitoring/dlq?limit=500").body()).get("entries");
            for (JsonNode entry : entries) {
                if (match.test(entry)) {
                    return entry;
                }
            }
            return null;
        }, entry -> entry != null);
    }

    private static HttpResponse<String> send(String token, String path, String method) {
        return RunningGateway.send(gateway.unauthenticated(path).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString("{}")));
    }

    private static String text(By by) {
        return browser.findElement(by).getText();
    }

    /** The browser is driven from this thread only. */
    private static ConditionFactory eventually() {
        return Awaitility.await().atMost(Duration.ofSeconds(30)).pollInSameThread().ignoreExceptions();
    }
}
