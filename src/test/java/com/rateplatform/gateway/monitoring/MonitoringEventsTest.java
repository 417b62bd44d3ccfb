package com.rateplatform.gateway.monitoring;

import static com.rateplatform.gateway.support.JsonBodies.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import io.lettuce.core.Consumer;
import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.sync.RedisCommands;
import org.apache.camel.spi.RouteController;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import com.rateplatform.gateway.message.Json;
import com.rateplatform.gateway.support.MetricsText;
import com.rateplatform.gateway.support.RunningGateway;
import com.rateplatform.gateway.support.TestServers;
import com.rateplatform.gateway.support.WebhookReceiver;

/**
 * The {@code monitoring_events} stream: each operational event once, as a small JSON object of ids (docs/Metrics.md).
 * One gateway with workers, whose validator routes some tests stop and start again; its reconciler runs, so it works
 * in a schema of its own.
 */
@Tag("slow")
class MonitoringEventsTest {

    private static final String VALIDATE = "/api/validation/validate";
    private static final String ITEMS = "{\"data\": {\"items\": [{\"phone\": \"0912345678\"}]}}";
    private static final int MAX_LAG = 10;
    private static RunningGateway gateway;
    private final RedisCommands<String, String> redis = TestServers.get().redis();

    @BeforeAll
    static void start() throws Exception {
        gateway = RunningGateway.start(TestServers.uniquePrefix("monitoring-events"), Map.ofEntries(
                Map.entry("rate.db.schema", TestServers.isolatedSchema()),
                Map.entry("rate.monitoring.collect-interval-ms", "200"),
                Map.entry("rate.backpressure.max-lag", Integer.toString(MAX_LAG)),
                Map.entry("rate.backpressure.cache-ms", "0"),
                Map.entry("rate.worker.claim-interval-ms", "300"),
                Map.entry("rate.reconciler.enabled", "true"), Map.entry("rate.reconciler.interval-ms", "300"),
                Map.entry("rate.reconciler.min-age-ms", "500"),
                Map.entry("rate.webhook.secret", "events-webhook-secret"), Map.entry("rate.webhook.poll-interval-ms", "100"),
                Map.entry("rate.webhook.max-attempts", "1"),
                Map.entry("rate.security.webhook.allow-http", "true"), Map.entry("rate.security.webhook.allowed-hosts", "127.0.0.1/32")));
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @Test
    void aDeadLetteredEntryIsToldWithItsIdsAndNothingOfItsPayload() {
        String originId = redis.xadd(gateway.key("validation_requests"), Map.of("data", "not json {\"phone\": \"0912345678\"}"));

        JsonNode event = awaitEvent(e -> "dead_lettered".equals(e.path("type").asText()) && originId.equals(e.path("origin_id").asText()));

        String dlqId = redis.xrange(gateway.key("validation_dlq"), Range.create("-", "+")).stream()
                .filter(entry -> entry.getBody().get("data").contains(originId)).findFirst().orElseThrow().getId();
        assertThat(fieldNames(event)).containsExactly("type", "time", "instance", "origin_stream", "origin_id", "dlq_id", "request_id",
                "error_code", "deliveries");
        assertThat(event.get("origin_stream").asText()).isEqualTo("validation_requests");
        assertThat(event.get("dlq_id").asText()).isEqualTo(dlqId);
        assertThat(event.get("error_code").asText()).isEqualTo("MALFORMED_ENTRY");
        assertThat(Instant.parse(event.get("time").asText())).isBefore(Instant.now().plusSeconds(1));
        assertThat(event.toString()).doesNotContain("0912345678");
        assertThat(scrape().value("rategw_dead_lettered_total", "origin_stream", "validation_requests").orElseThrow()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void entriesASilentConsumerLeftPendingAreToldWhenAWorkerTakesThemOver() throws Exception {
        List<String> held;
        stopValidators();
        try {
            for (int i = 0; i < 2; i++) {
                accepted(gateway.postJson(VALIDATE, ITEMS));
            }
            held = redis.xreadgroup(Consumer.from("validators", "silent"), XReadArgs.Builder.count(2),
                    XReadArgs.StreamOffset.lastConsumed(gateway.key("validation_requests"))).stream().map(StreamMessage::getId).toList();
            assertThat(held).hasSize(2);
        } finally {
            startValidators();
        }

        JsonNode event = awaitEvent(e -> "entries_taken_over".equals(e.path("type").asText())
                                         && e.path("entry_ids").toString().contains(held.get(0)));

        assertThat(fieldNames(event)).containsExactly("type", "time", "instance", "stream", "group", "consumer", "count", "entry_ids");
        assertThat(event.get("stream").asText()).isEqualTo("validation_requests");
        assertThat(event.get("group").asText()).isEqualTo("validators");
        assertThat(event.get("consumer").asText()).startsWith(event.get("instance").asText() + "-");
        List<String> ids = new ArrayList<>();
        event.get("entry_ids").forEach(id -> ids.add(id.asText()));
        assertThat(ids).containsExactlyElementsOf(held);
        assertThat(event.get("count").asInt()).isEqualTo(2);
    }

    @Test
    void backPressureTurningOnAndThenOffIsToldOnceEach() throws Exception {
        Instant started = Instant.now();
        stopValidators();
        try {
            for (int i = 0; i <= MAX_LAG; i++) {
                accepted(gateway.postJson(VALIDATE, ITEMS));
            }
            JsonNode on = awaitEvent(e -> "back_pressure_on".equals(e.path("type").asText()) && after(e, started));
            assertThat(fieldNames(on)).containsExactly("type", "time", "instance", "stream", "group", "backlog", "threshold");
            assertThat(on.get("backlog").asLong()).isGreaterThan(MAX_LAG);
            assertThat(on.get("threshold").asLong()).isEqualTo(MAX_LAG);
            HttpResponse<String> refused = gateway.postJson("/api/importer/import", ITEMS);
            assertThat(refused.statusCode()).isEqualTo(503);
            assertThat(refused.body()).contains("BACKLOG_FULL");
        } finally {
            startValidators();
        }
        JsonNode off = awaitEvent(e -> "back_pressure_off".equals(e.path("type").asText()) && after(e, started));
        // Later collections see it off as well and tell nothing more.
        long told = Instant.parse(off.get("time").asText()).toEpochMilli();
        await().atMost(Duration.ofSeconds(10)).until(() -> scrape().value("rategw_streams_collected_timestamp_seconds").orElse(0) * 1000 > told + 1000);

        assertThat(events(e -> e.path("type").asText().startsWith("back_pressure") && after(e, started)))
                .extracting(e -> e.get("type").asText()).containsExactly("back_pressure_on", "back_pressure_off");
        assertThat(scrape().value("rategw_backpressure_active")).hasValue(0);
    }

    @Test
    void aRequestWhoseEntryVanishedIsToldWhenTheReconcilerPublishesItAgain() throws Exception {
        String lost;
        stopValidators();
        try {
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                ids.add(accepted(gateway.postJson(VALIDATE, ITEMS)));
            }
            lost = ids.get(1);
            List<StreamMessage<String, String>> entries = redis.xrange(gateway.key("validation_requests"), Range.create("-", "+"));
            String entryId = entries.stream().filter(entry -> entry.getBody().get("data").contains(lost)).findFirst().orElseThrow().getId();
            redis.xdel(gateway.key("validation_requests"), entryId);
        } finally {
            startValidators();
        }

        JsonNode event = awaitEvent(e -> "requests_republished".equals(e.path("type").asText()) && e.path("request_ids").toString().contains(lost));

        assertThat(fieldNames(event)).containsExactly("type", "time", "instance", "count", "request_ids");
        assertThat(event.get("count").asInt()).isEqualTo(event.get("request_ids").size());
        assertThat(scrape().value("rategw_reconciler_republished_total", "lane", "normal").orElseThrow()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void aWebhookDeliveryThatGivesUpIsToldByItsIdsWithoutItsUrl() throws Exception {
        try (WebhookReceiver receiver = WebhookReceiver.answering(500)) {
            String id = accepted(gateway.postJson("/api/importer/import", "{\"data\": {\"items\": [{\"phone\": \"0912345678\"}]}, "
                                                                          + "\"callback_config\": {\"webhook_url\": \"" + receiver.url() + "\"}}"));

            JsonNode event = awaitEvent(e -> "webhook_dead".equals(e.path("type").asText()) && id.equals(e.path("subject_id").asText()));

            assertThat(fieldNames(event)).containsExactly("type", "time", "instance", "delivery_id", "event", "subject_id", "attempts",
                    "status_code", "dlq_id");
            assertThat(event.get("attempts").asInt()).isEqualTo(1);
            assertThat(event.get("status_code").asInt()).isEqualTo(500);
            assertThat(json(gateway.get("/api/importer/webhooks/" + event.get("delivery_id").asText())).get("status").asText()).isEqualTo("dead");
            assertThat(event.toString()).doesNotContain(receiver.url()).doesNotContain("127.0.0.1");
        }
    }

    private static void stopValidators() throws Exception {
        RouteController routes = gateway.context().getRouteController();
        routes.stopRoute("validator");
        routes.stopRoute("validator-high");
    }

    private static void startValidators() throws Exception {
        RouteController routes = gateway.context().getRouteController();
        routes.startRoute("validator");
        routes.startRoute("validator-high");
    }

    private static boolean after(JsonNode event, Instant instant) {
        return !Instant.parse(event.get("time").asText()).isBefore(instant);
    }

    private JsonNode awaitEvent(Predicate<JsonNode> matching) {
        return await().atMost(Duration.ofSeconds(30)).until(() -> events(matching), found -> !found.isEmpty()).get(0);
    }

    private List<JsonNode> events(Predicate<JsonNode> matching) {
        return redis.xrange(gateway.key("monitoring_events"), Range.create("-", "+")).stream()
                .map(entry -> Json.read(entry.getBody().get("data"), JsonNode.class)).filter(matching).toList();
    }

    private static List<String> fieldNames(JsonNode event) {
        List<String> names = new ArrayList<>();
        event.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static String accepted(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        return json(response).get("request_id").asText();
    }

    private static MetricsText scrape() {
        return MetricsText.parse(gateway.get("/metrics").body());
    }
}
