package com.rateplatform.gateway.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.rateplatform.gateway.message.Json;
import com.rateplatform.gateway.support.RunningGateway;
import com.rateplatform.gateway.support.TestServers;

/** PostgreSQL is the record: requests accepted while Redis then loses everything still complete, exactly once. */
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
        System.out.printf("Redis loss: %d requests accepted, %d completed with one response row each, 0 pending%n",
                REQUESTS, requestIds.size());
    }

    private static long pendingAmong(String schema, List<String> requestIds) throws Exception {
        return TestServers.get().countIn(schema, "SELECT count(*) FROM validation_requests WHERE status = 'pending' AND request_id = ANY (?)",
                requestIds);
    }
}
