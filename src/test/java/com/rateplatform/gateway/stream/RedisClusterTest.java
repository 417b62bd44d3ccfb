package com.rateplatform.gateway.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.stream.StreamSupport;

import com.fasterxml.jackson.databind.JsonNode;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import com.rateplatform.gateway.message.Json;
import com.rateplatform.gateway.support.LocalRedisCluster;
import com.rateplatform.gateway.support.PushClient;
import com.rateplatform.gateway.support.RunningGateway;
import com.rateplatform.gateway.support.TestTokens;

/**
 * The whole flow on a real Redis Cluster ({@code REDIS_CLUSTER=true}): three masters of this test's own on loopback,
 * the gateway and worker routes unchanged. Every command names one key, so the streams, the rate-limit buckets and the
 * idempotency keys may live on different nodes.
 */
@Tag("slow")
class RedisClusterTest {

    // A fixed prefix: the cluster is new for each run, and fixed key names give fixed slots (spread over the nodes).
    private static final String PREFIX = "test:cluster:";

    private static LocalRedisCluster cluster;
    private static RunningGateway gateway;
    private static RedisClusterClient client;
    private static StatefulRedisClusterConnection<String, String> redis;

    @BeforeAll
    static void start() throws Exception {
        Assumptions.assumeTrue(LocalRedisCluster.available(), "needs redis-server and redis-cli on the PATH");
        cluster = LocalRedisCluster.start(3);
        gateway = RunningGateway.start(PREFIX, Map.of(
                "rate.redis.url", cluster.seedUrl(),
                "camel.component.redis-stream.cluster", "true"));
        client = RedisClusterClient.create(cluster.seedUrl());
        redis = client.connect();
    }

    @AfterAll
    static void stop() throws Exception {
        if (redis != null) {
            redis.close();
            client.shutdown();
        }
        if (gateway != null) {
            gateway.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void anExtensionRequestIsValidatedAndItsResultPushedOverTheWebSocket() {
        String token = TestTokens.of("alice");
        try (PushClient alice = PushClient.connect(gateway.url(""), token, "")) {
            alice.awaitType("ready");

            alice.send("{\"type\": \"validate\", \"ref\": 1, \"data\": {\"items\": [{\"phone\": \"0912345678\"}]}}");

            String requestId = alice.awaitType("ack").get("request_id").asText();
            JsonNode result = alice.await(m -> "result".equals(m.path("type").asText())
                                               && requestId.equals(m.path("request_id").asText()));
            assertThat(result.at("/response/status").asText()).isEqualTo("success");
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                    assertThat(status(gateway.unauthenticated("/api/validation/status/" + requestId)
                            .header("Authorization", "Bearer " + token)).path("status").asText()).isEqualTo("success"));
        }
    }

    @Test
    void anImporterRequestIsValidatedAndItsStatusAnswered() throws Exception {
        String requestId = "cluster-import-" + System.nanoTime();
        HttpResponse<String> accepted = gateway.postJson("/api/importer/import", """
                {"request_id": "%s", "data": {"items": [{"phone": "0912345678", "name": "Nguyễn Văn An"}]}}""".formatted(requestId));
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(status("/api/importer/status/" + requestId).path("status").asText()).isEqualTo("success"));
    }

    @Test
    void aRepeatedIdempotencyKeyGetsTheFirstAnswer() {
        String body = "{\"data\": {\"items\": [{\"phone\": \"0987654321\"}]}}";
        HttpResponse<String> first = RunningGateway.send(gateway.request("/api/validation/validate")
                .header("Content-Type", "application/json").header("Idempotency-Key", "cluster-key-1")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)));
        HttpResponse<String> second = RunningGateway.send(gateway.request("/api/validation/validate")
                .header("Content-Type", "application/json").header("Idempotency-Key", "cluster-key-1")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)));

        assertThat(first.statusCode()).isEqualTo(202);
        assertThat(second.statusCode()).isEqualTo(202);
        assertThat(second.body()).isEqualTo(first.body());
    }

    @Test
    void aMalformedEntryIsDeadLetteredAndListed() {
        String id = redis.sync().xadd(PREFIX + "validation_requests", Map.of("data", "not json {"));

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            JsonNode listing = status("/api/monitoring/dlq?limit=500");
            assertThat(StreamSupport.stream(listing.get("entries").spliterator(), false))
                    .anyMatch(e -> id.equals(e.path("origin_id").asText()));
        });
    }

    @Test
    void healthIsUpAndTheGatewaysKeysAreSpreadOverTheNodes() throws Exception {
        assertThat(gateway.get("/api/health").statusCode()).isEqualTo(200);

        long nodesWithKeys = cluster.ports().stream()
                .filter(port -> cluster.keysOn(port).stream().anyMatch(k -> k.startsWith(PREFIX)))
                .count();
        assertThat(nodesWithKeys).as("nodes holding keys of the gateway").isGreaterThan(1);
    }

    private static JsonNode status(String path) throws Exception {
        return status(gateway.request(path));
    }

    private static JsonNode status(java.net.http.HttpRequest.Builder request) throws Exception {
        HttpResponse<String> response = RunningGateway.send(request);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return Json.MAPPER.readTree(response.body());
    }
}
