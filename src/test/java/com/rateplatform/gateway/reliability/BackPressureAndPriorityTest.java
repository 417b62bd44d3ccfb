package com.rateplatform.gateway.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.lettuce.core.LettuceFutures;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.Test;

import com.rateplatform.gateway.message.Json;
import com.rateplatform.gateway.message.RequestMessage;
import com.rateplatform.gateway.support.Console;
import com.rateplatform.gateway.support.RunningGateway;
import com.rateplatform.gateway.support.TestKeys;
import com.rateplatform.gateway.support.TestServers;

/** A large backlog turns bulk intake away, and does not hold up high-priority requests. */
class BackPressureAndPriorityTest {

    @Test
    void importGets503WithRetryAfterWhileMoreThan50kEntriesWaitButValidateIsStillAccepted() throws Exception {
        String prefix = TestServers.uniquePrefix("backpressure");
        String key = prefix + "validation_requests";
        TestServers.get().redis().xgroupCreate(XReadArgs.StreamOffset.from(key, "0"), "validators", XGroupCreateArgs.Builder.mkstream());
        addEntries(key, 50_500, i -> "{\"request_id\": \"backlog-" + i + "\"}");
        try (RunningGateway gateway = RunningGateway.start(prefix, Map.of("rate.roles", "gateway"))) {

            HttpResponse<String> imported = gateway.postJson("/api/importer/import", "{\"data\": {\"items\": [{\"phone\": \"0912345678\"}]}}");
            HttpResponse<String> validated = gateway.postJson("/api/validation/validate", "{\"data\": {\"items\": [{\"phone\": \"0912345678\"}]}}");

            assertThat(imported.statusCode()).isEqualTo(503);
            assertThat(imported.headers().firstValue("Retry-After")).isPresent();
            assertThat(Json.MAPPER.readTree(imported.body()).get("error").get("code").asText()).isEqualTo("BACKLOG_FULL");
            assertThat(validated.statusCode()).isEqualTo(202);
        }
    }

    @Test
    void aHighPriorityRequestCompletesQuicklyBehindALargeBacklog() throws Exception {
        int backlog = 20_000;
        String prefix = TestServers.uniquePrefix("priority");
        String schema = TestServers.isolatedSchema();
        String key = prefix + "validation_requests";
        String tag = "bulk-" + System.nanoTime() + "-";
        // Accepted now: this month's partitions exist (a fixed date stops having one, and the backlog becomes poison).
        String accepted = java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
        try (RunningGateway migrator = RunningGateway.start(prefix, Map.of("rate.roles", "gateway", "rate.db.schema", schema))) {
            insertPendingRequests(schema, tag, backlog, accepted); // while the schema exists: the first gateway migrated it
        }
        // Published as a gateway publishes them: through the codec, items sealed.
        addEntries(key, backlog, i -> TestKeys.codec().encodeRequest(Json.read("""
                {"request_id": "%s%d", "source": "importer", "user_id": "u", "action": "import", "priority": "low",
                 "data": {"items": [{"item_id": "item_001", "name": "Nguyễn Văn An", "phone": "0912345678"}]},
                 "callback_config": {"stream": "importer_responses"}, "timestamp": "%s"}""".formatted(tag, i, accepted),
                RequestMessage.class)));
        try (RunningGateway gateway = RunningGateway.start(prefix, Map.of("rate.db.schema", schema))) {
            await().atMost(Duration.ofSeconds(20)).until(() -> TestServers.get().redis().xpending(key, "validators").getCount() > 0);

            long sent = System.nanoTime();
            HttpResponse<String> high = gateway.postJson("/api/validation/validate",
                    "{\"priority\": \"high\", \"data\": {\"items\": [{\"phone\": \"0987654321\"}]}}");
            String highId = Json.MAPPER.readTree(high.body()).get("request_id").asText();
            HttpResponse<String> normal = gateway.postJson("/api/importer/import",
                    "{\"data\": {\"items\": [{\"name\": \"Trần Bình\", \"phone\": \"0912345679\"}]}}");
            String normalId = Json.MAPPER.readTree(normal.body()).get("request_id").asText();
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(10)).until(() ->
                    Json.MAPPER.readTree(gateway.get("/api/validation/status/" + highId).body()).get("status").asText().equals("success"));
            long highMs = (System.nanoTime() - sent) / 1_000_000;
            String normalStatus = Json.MAPPER.readTree(gateway.get("/api/importer/status/" + normalId).body()).get("status").asText();
            long stillQueued = TestServers.get().redis().xlen(key) - donePrefix(schema, tag);

            Console.printf("Priority: backlog of %d low-priority requests; a high-priority request completed in %d ms; "
                              + "a normal request sent right after it was '%s' then, with about %d requests still ahead of it%n",
                    backlog, highMs, normalStatus, stillQueued);
            assertThat(highMs).isLessThan(5_000);
            assertThat(normalStatus).isEqualTo("processing");
        }
    }

    private static long donePrefix(String schema, String tag) throws Exception {
        return TestServers.get().countIn(schema, "SELECT count(*) FROM validation_requests WHERE request_id LIKE ? AND status <> 'pending'", tag + "%");
    }

    private static void insertPendingRequests(String schema, String tag, int count, String accepted) throws Exception {
        try (Connection c = TestServers.get().jdbc(schema); PreparedStatement ps = c.prepareStatement("""
                INSERT INTO validation_requests (request_id, source, user_id, action, priority, data, item_count, created_at)
                SELECT ? || n, 'importer', 'u', 'import', 'low', '{"items": []}'::jsonb, 1, ?::timestamptz
                  FROM generate_series(0, ? - 1) AS n""")) {
            ps.setString(1, tag);
            ps.setString(2, accepted);
            ps.setInt(3, count);
            ps.executeUpdate();
        }
    }

    private static void addEntries(String key, int count, java.util.function.IntFunction<String> body) {
        RedisClient client = RedisClient.create(TestServers.get().redisUrl());
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            List<RedisFuture<String>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                futures.add(connection.async().xadd(key, Map.of("data", body.apply(i))));
                if (futures.size() == 1_000) {
                    LettuceFutures.awaitAll(Duration.ofSeconds(30), futures.toArray(new RedisFuture[0]));
                    futures.clear();
                }
            }
            LettuceFutures.awaitAll(Duration.ofSeconds(30), futures.toArray(new RedisFuture[0]));
        } finally {
            client.shutdown();
        }
    }
}
