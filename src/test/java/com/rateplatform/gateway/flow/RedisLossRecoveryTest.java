package com.rateplatform.gateway.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import com.rateplatform.gateway.message.Json;
import com.rateplatform.gateway.support.Console;
import com.rateplatform.gateway.support.RunningGateway;
import com.rateplatform.gateway.support.TestServers;

/**
 * PostgreSQL is the record: requests accepted while Redis then loses everything, or loses single entries (a failover
 * to a replica that lacked the last writes), or whose publishing failed, still complete, exactly once.
 */
@Tag("slow")
class RedisLossRecoveryTest {

    private static final int REQUESTS = 25;

    @Test
    void everyAcceptedRequestCompletesOnceAfterRedisLosesItsKeys() throws Exception {
        String prefix = TestServers.uniquePrefix("redis-loss");
        String schema = TestServers.isolatedSchema();
        List<String> requestIds = new ArrayList<>();
        try (RunningGateway gateway = RunningGateway.start(prefix, Map.of("rate.roles", "gateway", "rate.db.schema", schema,
                "rate.reconciler.enabled", "true", "rate.reconciler.min-age-ms", "500", "rate.reconciler.interval-ms", "300"))) {
            for (int i = 0; i < REQUESTS; i++) {
                var response = gateway.postJson("/api/validation/validate",
                        "{\"data\": {\"items\": [{\"phone\": \"09123456%02d\"}, {\"bank_account\": \"1234567%02d\"}]}}".formatted(i, i));
                assertThat(response.statusCode()).isEqualTo(202);
                requestIds.add(Json.MAPPER.readTree(response.body()).get("request_id").asText());
            }
            assertThat(TestServers.get().redis().xlen(prefix + "validation_requests")).isEqualTo(REQUESTS);

            // No worker has run. Redis now loses every key of this deployment, as after a restart without persistence.
            List<String> keys = TestServers.get().redis().keys(prefix + "*");
            TestServers.get().redis().del(keys.toArray(new String[0]));

            try (RunningGateway worker = RunningGateway.start(prefix, Map.of("rate.roles", "worker", "rate.db.schema", schema))) {
                await().atMost(Duration.ofSeconds(30)).until(() -> pendingAmong(schema, requestIds) == 0);
            }
        }

        for (String requestId : requestIds) {
            assertThat(TestServers.get().countIn(schema, "SELECT count(*) FROM validation_responses WHERE request_id = ?", requestId)).as(requestId).isEqualTo(1);
            assertThat(TestServers.get().countIn(schema, "SELECT count(*) FROM raw_items WHERE request_id = ?", requestId)).as(requestId).isEqualTo(2);
        }
        Console.printf("Redis loss: %d requests accepted, %d completed with one response row each, 0 pending%n",
                REQUESTS, requestIds.size());
    }

    @Test
    void aRequestWhoseEntryVanishedFromTheMiddleOfTheStreamIsPublishedAgain() throws Exception {
        String prefix = TestServers.uniquePrefix("entry-loss");
        String schema = TestServers.isolatedSchema();
        List<String> requestIds = new ArrayList<>();
        try (RunningGateway gateway = RunningGateway.start(prefix, Map.of("rate.roles", "gateway", "rate.db.schema", schema,
                "rate.reconciler.enabled", "true", "rate.reconciler.min-age-ms", "500", "rate.reconciler.interval-ms", "300"))) {
            for (int i = 0; i < 3; i++) {
                var response = gateway.postJson("/api/validation/validate", "{\"data\": {\"items\": [{\"phone\": \"091234560%d\"}]}}".formatted(i));
                requestIds.add(Json.MAPPER.readTree(response.body()).get("request_id").asText());
            }
            // The middle entry is gone, the ones around it stay: what a failover to a lagging replica leaves.
            String middle = TestServers.get().redis().xrange(prefix + "validation_requests", io.lettuce.core.Range.create("-", "+"))
                    .get(1).getId();
            TestServers.get().redis().xdel(prefix + "validation_requests", middle);

            try (RunningGateway worker = RunningGateway.start(prefix, Map.of("rate.roles", "worker", "rate.db.schema", schema))) {
                await().atMost(Duration.ofSeconds(30)).until(() -> pendingAmong(schema, requestIds) == 0);
            }
        }

        for (String requestId : requestIds) {
            assertOneResponse(schema, requestId);
        }
    }

    @Test
    void aRequestRepeatedAfterItsPublishingFailedIsPublishedThen() throws Exception {
        String prefix = TestServers.uniquePrefix("publish-failed");
        String schema = TestServers.isolatedSchema();
        String requestId = "unpublished-" + System.nanoTime();
        String body = phoneRequest(requestId);
        try (RunningGateway gateway = RunningGateway.start(prefix, Map.of("rate.db.schema", schema))) {
            // What a first attempt leaves when XADD fails after the row is written (the client was answered 503).
            gateway.postJson("/api/validation/validate", body);
            await().atMost(Duration.ofSeconds(20)).until(() -> pendingAmong(schema, List.of(requestId)) == 0);
            try (var c = TestServers.get().jdbc(schema); var s = c.createStatement()) {
                s.executeUpdate("UPDATE validation_requests SET status = 'pending', stream_entry_ms = NULL, stream_entry_seq = NULL"
                                + " WHERE request_id = '" + requestId + "'");
                s.executeUpdate("DELETE FROM validation_responses WHERE request_id = '" + requestId + "'");
            }

            var repeated = gateway.postJson("/api/validation/validate", body);

            assertThat(repeated.statusCode()).isEqualTo(202);
            await().atMost(Duration.ofSeconds(20)).until(() -> pendingAmong(schema, List.of(requestId)) == 0);
        }
        assertOneResponse(schema, requestId);
    }

    @Test
    void aRequestNeverPublishedIsPublishedByTheReconciler() throws Exception {
        String prefix = TestServers.uniquePrefix("never-published");
        String schema = TestServers.isolatedSchema();
        String requestId = "never-published-" + System.nanoTime();
        // An older entry stays at the head of the stream, so the request is not below the head: only its missing
        // entry id tells it was never published.
        TestServers.get().redis().xadd(prefix + "validation_requests", Map.of("data", "older entry"));
        try (RunningGateway gateway = RunningGateway.start(prefix, Map.of("rate.roles", "gateway", "rate.db.schema", schema))) {
            gateway.postJson("/api/validation/validate",
                    phoneRequest(requestId));
        }
        // What XADD failing leaves (the client got a 503 and did not try again): a pending row without an entry.
        String entry = TestServers.get().redis().xrevrange(prefix + "validation_requests", io.lettuce.core.Range.create("-", "+"),
                io.lettuce.core.Limit.from(1)).get(0).getId();
        TestServers.get().redis().xdel(prefix + "validation_requests", entry);
        try (var c = TestServers.get().jdbc(schema); var s = c.createStatement()) {
            s.executeUpdate("UPDATE validation_requests SET stream_entry_ms = NULL, stream_entry_seq = NULL WHERE request_id = '"
                            + requestId + "'");
        }

        try (RunningGateway gateway = RunningGateway.start(prefix, Map.of("rate.db.schema", schema,
                "rate.reconciler.enabled", "true", "rate.reconciler.min-age-ms", "500", "rate.reconciler.interval-ms", "300"))) {
            await().atMost(Duration.ofSeconds(30)).until(() -> pendingAmong(schema, List.of(requestId)) == 0);
        }
        assertOneResponse(schema, requestId);
    }

    @Test
    void aRequestValidatedWhoseResponseWasLostIsPublishedAgain() throws Exception {
        String prefix = TestServers.uniquePrefix("response-loss");
        String schema = TestServers.isolatedSchema();
        String requestId = "response-lost-" + System.nanoTime();
        try (RunningGateway gateway = RunningGateway.start(prefix, Map.of("rate.roles", "gateway", "rate.db.schema", schema))) {
            gateway.postJson("/api/validation/validate",
                    phoneRequest(requestId));
        }
        try (RunningGateway worker = RunningGateway.start(prefix, Map.of("rate.roles", "worker", "rate.db.schema", schema))) {
            // The worker validates, publishes the response and acknowledges the request; no gateway records it yet.
            await().atMost(Duration.ofSeconds(20)).until(() -> TestServers.get().redis().xlen(prefix + "extension_responses") == 1
                    && TestServers.get().redis().xpending(prefix + "validation_requests", "validators").getCount() == 0);
            // The response is lost, as when a failover promotes a replica that never received it.
            String response = TestServers.get().redis().xrange(prefix + "extension_responses", io.lettuce.core.Range.create("-", "+"))
                    .get(0).getId();
            TestServers.get().redis().xdel(prefix + "extension_responses", response);

            try (RunningGateway gateway = RunningGateway.start(prefix, Map.of("rate.roles", "gateway", "rate.db.schema", schema,
                    "rate.reconciler.enabled", "true", "rate.reconciler.min-age-ms", "500", "rate.reconciler.interval-ms", "300"))) {
                await().atMost(Duration.ofSeconds(30)).until(() -> pendingAmong(schema, List.of(requestId)) == 0);
            }
        }
        assertOneResponse(schema, requestId);
    }

    private static String phoneRequest(String requestId) {
        return "{\"request_id\": \"%s\", \"data\": {\"items\": [{\"phone\": \"0912345678\"}]}}".formatted(requestId);
    }

    private static void assertOneResponse(String schema, String requestId) throws Exception {
        assertThat(TestServers.get().countIn(schema, "SELECT count(*) FROM validation_responses WHERE request_id = ?", requestId))
                .as(requestId).isEqualTo(1);
    }

    private static long pendingAmong(String schema, List<String> requestIds) throws Exception {
        return TestServers.get().countIn(schema, "SELECT count(*) FROM validation_requests WHERE status = 'pending' AND request_id = ANY (?)",
                requestIds);
    }
}
