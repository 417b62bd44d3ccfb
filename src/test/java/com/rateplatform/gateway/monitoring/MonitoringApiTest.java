package com.rateplatform.gateway.monitoring;

import static com.rateplatform.gateway.support.JsonBodies.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.lettuce.core.Consumer;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.sync.RedisCommands;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import com.rateplatform.gateway.security.Scopes;
import com.rateplatform.gateway.support.RunningGateway;
import com.rateplatform.gateway.support.SseClient;
import com.rateplatform.gateway.support.TestServers;

/**
 * The operations console's data feeds (docs/API-Documentation.md#monitoring): {@code GET /api/monitoring/streams} and
 * the live feed {@code GET /api/monitoring/live}, in the shape the console is built against, for monitoring:read only.
 */
@Tag("slow")
class MonitoringApiTest {

    private static final String VALIDATE = "/api/validation/validate";
    private static final String ITEMS = "{\"data\": {\"items\": [{\"phone\": \"0912345678\"}]}}";
    private static final String MONITOR = RunningGateway.token("console-operator", List.of(Scopes.MONITORING_READ));
    private static final String NOT_MONITOR = RunningGateway.token("console-outsider", List.of(Scopes.VALIDATION_READ));
    private final RedisCommands<String, String> redis = TestServers.get().redis();

    @Test
    void streamsAnswersEveryStreamAndGroupAndWarnsOfAGroupWhoseEntriesNoLiveConsumerTakes() throws Exception {
        try (RunningGateway gateway = RunningGateway.start(TestServers.uniquePrefix("monitoring-streams"), Map.of("rate.roles", "gateway"))) {
            String key = gateway.key("validation_requests");
            redis.xgroupCreate(XReadArgs.StreamOffset.from(key, "0"), "validators", XGroupCreateArgs.Builder.mkstream());
            for (int i = 0; i < 3; i++) {
                assertThat(gateway.postJson(VALIDATE, ITEMS).statusCode()).isEqualTo(202);
            }
            redis.xreadgroup(Consumer.from("validators", "ghost"), XReadArgs.Builder.count(1), XReadArgs.StreamOffset.lastConsumed(key));

            // The ghost took an entry and went silent: once it has been idle for the claim-idle time (2 s in tests), it is not live.
            JsonNode answer = await().atMost(Duration.ofSeconds(20)).until(() -> streams(gateway, MONITOR),
                    a -> "no live consumer".equals(a.at("/streams/0/groups/0/warning").asText(null)));

            assertThat(fieldNames(answer)).containsExactly("collected_at", "streams", "dlq");
            assertThat(Instant.parse(answer.get("collected_at").asText())).isBefore(Instant.now().plusSeconds(1));
            List<String> streams = new ArrayList<>();
            answer.get("streams").forEach(s -> streams.add(s.get("stream").asText()));
            assertThat(streams).containsExactly("validation_requests", "validation_requests_high", "extension_responses", "importer_responses");
            JsonNode requests = answer.get("streams").get(0);
            assertThat(fieldNames(requests)).containsExactly("stream", "length", "groups");
            assertThat(requests.get("length").asLong()).isEqualTo(3);
            JsonNode validators = requests.get("groups").get(0);
            assertThat(fieldNames(validators)).containsExactly("group", "lag", "pending", "oldest_pending_age_ms", "oldest_undelivered_age_ms",
                    "consumers", "live_consumers", "warning");
            assertThat(validators.get("group").asText()).isEqualTo("validators");
            assertThat(validators.get("pending").asLong()).isEqualTo(1);
            assertThat(validators.get("oldest_pending_age_ms").asLong()).isGreaterThanOrEqualTo(2000);
            assertThat(validators.get("oldest_undelivered_age_ms").isIntegralNumber()).isTrue();
            assertThat(validators.get("live_consumers").asInt()).isZero();
            JsonNode ghost = validators.get("consumers").get(0);
            assertThat(fieldNames(ghost)).containsExactly("name", "pending", "idle_ms");
            assertThat(ghost.get("name").asText()).isEqualTo("ghost");
            assertThat(ghost.get("pending").asLong()).isEqualTo(1);
            assertThat(ghost.get("idle_ms").asLong()).isGreaterThanOrEqualTo(2000);
            // Nothing waits on the responses: no warning there, and no age.
            JsonNode recorders = answer.get("streams").get(2).get("groups").get(0);
            assertThat(recorders.get("group").asText()).isEqualTo("status-recorders");
            assertThat(recorders.get("warning").isNull()).isTrue();
            assertThat(recorders.get("oldest_pending_age_ms").isNull()).isTrue();
            assertThat(recorders.get("oldest_undelivered_age_ms").isNull()).isTrue();
            assertThat(answer.get("dlq").get("stream").asText()).isEqualTo("validation_dlq");
            assertThat(answer.get("dlq").get("length").asLong()).isZero();
        }
    }

    @Test
    void streamsAndTheLiveFeedRefuseCallersWithoutMonitoringRead() throws Exception {
        try (RunningGateway gateway = RunningGateway.start(TestServers.uniquePrefix("monitoring-refusals"), Map.of("rate.roles", "gateway"))) {
            HttpResponse<String> forbidden = RunningGateway.send(gateway.unauthenticated("/api/monitoring/streams")
                    .header("Authorization", "Bearer " + NOT_MONITOR).GET());
            HttpResponse<String> anonymous = RunningGateway.send(gateway.unauthenticated("/api/monitoring/streams").GET());

            assertThat(forbidden.statusCode()).isEqualTo(403);
            assertThat(json(forbidden).at("/error/code").asText()).isEqualTo("FORBIDDEN");
            assertThat(anonymous.statusCode()).isEqualTo(401);
            try (SseClient outsider = live(gateway, NOT_MONITOR); SseClient nobody = SseClient.connect(gateway.url("/api/monitoring/live"), Map.of())) {
                assertThat(outsider.status()).isEqualTo(403);
                assertThat(nobody.status()).isEqualTo(401);
            }
        }
    }

    /**
     * Two gateways share the load; the console is connected to one of them. Its ticks, one per second, count the
     * requests accepted and completed on both, and monitoring events come through as they happen.
     */
    @Test
    void theLiveFeedTicksEverySecondWithTheWholeDeploymentsRatesAndPassesOnMonitoringEvents() throws Exception {
        String prefix = TestServers.uniquePrefix("monitoring-live");
        try (RunningGateway watched = RunningGateway.start(prefix, Map.of("rate.roles", "gateway"));
             RunningGateway busy = RunningGateway.start(prefix, Map.of("rate.roles", "gateway,worker"));
             SseClient console = live(watched, MONITOR)) {
            assertThat(console.status()).isEqualTo(200);
            assertThat(console.header("Content-Type")).startsWith("text/event-stream");
            console.awaitNamed("tick");
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                ids.add(json(busy.postJson(VALIDATE, ITEMS)).get("request_id").asText());
            }
            ids.add(json(watched.postJson("/api/importer/import", ITEMS)).get("request_id").asText());
            String junk = redis.xadd(busy.key("validation_requests"), Map.of("data", "not json"));

            await().atMost(Duration.ofSeconds(30)).until(() -> sum(console, "/accepted_per_s/extension") == 4
                    && sum(console, "/accepted_per_s/importer") == 1 && sum(console, "/completed_per_s/extension") == 4
                    && sum(console, "/completed_per_s/importer") == 1);
            SseClient.Event deadLettered = console.await(e -> "monitoring".equals(e.name()) && junk.equals(e.data().path("origin_id").asText()));

            assertThat(deadLettered.data().get("type").asText()).isEqualTo("dead_lettered");
            List<SseClient.Event> ticks = console.named("tick");
            JsonNode busiest = ticks.stream().map(SseClient.Event::data).filter(t -> t.at("/completed_per_s/extension").asLong() > 0)
                    .findFirst().orElseThrow();
            assertThat(fieldNames(busiest)).containsExactly("time", "accepted_per_s", "completed_per_s", "latency_ms", "dlq_length");
            assertThat(fieldNames(busiest.get("latency_ms"))).containsExactly("p50", "p95", "p99");
            assertThat(busiest.at("/latency_ms/p50").asDouble()).isPositive().isLessThanOrEqualTo(busiest.at("/latency_ms/p99").asDouble());
            List<Instant> times = ticks.stream().map(t -> Instant.parse(t.data().get("time").asText())).toList();
            for (int i = 1; i < times.size(); i++) {
                assertThat(Duration.between(times.get(i - 1), times.get(i))).as("tick %d after tick %d", i, i - 1).isEqualTo(Duration.ofSeconds(1));
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> console.named("tick").stream()
                    .anyMatch(t -> t.data().get("dlq_length").asLong() == 1));
        }
    }

    private static long sum(SseClient console, String pointer) {
        return console.named("tick").stream().mapToLong(t -> t.data().at(pointer).asLong()).sum();
    }

    private static SseClient live(RunningGateway gateway, String token) {
        return SseClient.connect(gateway.url("/api/monitoring/live?access_token=" + URLEncoder.encode(token, StandardCharsets.UTF_8)), Map.of());
    }

    private static JsonNode streams(RunningGateway gateway, String token) {
        HttpResponse<String> answer = RunningGateway.send(gateway.unauthenticated("/api/monitoring/streams")
                .header("Authorization", "Bearer " + token).GET());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return json(answer);
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
