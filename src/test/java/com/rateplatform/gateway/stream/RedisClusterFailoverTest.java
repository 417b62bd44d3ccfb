package com.rateplatform.gateway.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import com.rateplatform.gateway.support.Console;
import com.rateplatform.gateway.support.LocalRedisCluster;
import com.rateplatform.gateway.support.RunningGateway;
import com.rateplatform.gateway.support.TestServers;

/**
 * A Redis Cluster master crashes under load (SIGKILL; its replica takes over, and replication is asynchronous, so its
 * last writes may be gone): every request the gateway answered 202 still completes, exactly once. Requests sent while
 * the slot had no master are refused (503) and sent again, as a client would.
 */
@Tag("fault")
class RedisClusterFailoverTest {

    private static final String PREFIX = "test:cluster-failover:";
    private static final int REQUESTS = 300;

    private final String schema = TestServers.isolatedSchema();
    private final String runId = "failover-" + System.nanoTime();
    private final java.util.List<String> unexpected = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final AtomicLong firstRefusal = new AtomicLong();
    private final AtomicLong lastRefusal = new AtomicLong();

    @Test
    void everyAcceptedRequestCompletesOnceWhenTheMasterOfTheRequestStreamCrashes() throws Exception {
        Assumptions.assumeTrue(LocalRedisCluster.available(), "needs redis-server and redis-cli on the PATH");
        Set<String> accepted = ConcurrentHashMap.newKeySet();
        AtomicLong refusals = new AtomicLong();
        try (LocalRedisCluster cluster = LocalRedisCluster.start(3, 1);
             RunningGateway gateway = RunningGateway.start(PREFIX, Map.of(
                     "rate.redis.url", cluster.seedUrl(),
                     "camel.component.redis-stream.cluster", "true",
                     "camel.component.redis-stream.command-timeout", "3000",
                     "rate.db.schema", schema,
                     // What Redis lost, PostgreSQL still has as pending: the reconciler publishes it again.
                     "rate.reconciler.enabled", "true",
                     "rate.reconciler.min-age-ms", "3000",
                     "rate.reconciler.interval-ms", "1000",
                     "rate.security.rate-limit.importer-write", "100000/1m"))) {
            AtomicBoolean sending = new AtomicBoolean(true);
            Thread load = new Thread(() -> send(gateway, accepted, refusals, sending), "failover-load");
            load.start();

            await().atMost(Duration.ofMinutes(1)).until(() -> accepted.size() >= REQUESTS / 3);
            int crashed = cluster.masterOf(PREFIX + "validation_requests");
            cluster.crash(crashed);

            load.join(Duration.ofMinutes(2).toMillis());
            sending.set(false);
            assertThat(unexpected).as("answers other than 202 and 503").isEmpty();
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500)).until(() ->
                    count("SELECT count(*) FROM validation_requests WHERE status = 'pending' AND request_id = ANY (?)", accepted) == 0);

            Console.printf("Cluster failover: master %d of validation_requests crashed; %d requests accepted; %d refusals"
                              + " (503) over %d ms while the slot had no master%n", crashed, accepted.size(), refusals.get(),
                    refusals.get() == 0 ? 0 : lastRefusal.get() - firstRefusal.get());
            assertThat(unexpected).as("answers other than 202 and 503").isEmpty();
            assertThat(accepted).hasSize(REQUESTS);
            assertThat(statuses(accepted)).isEqualTo(Map.of("success", (long) REQUESTS));
            assertThat(count("""
                    SELECT count(*) FROM (SELECT request_id FROM validation_responses WHERE request_id = ANY (?)
                                           GROUP BY request_id HAVING count(*) = 1) t""", accepted)).isEqualTo(REQUESTS);
        }
    }

    /** One request at a time; a refused one (503 while the slot has no master) is sent again with the same id. */
    private void send(RunningGateway gateway, Set<String> accepted, AtomicLong refusals, AtomicBoolean sending) {
        for (int r = 0; r < REQUESTS && sending.get(); r++) {
            String requestId = runId + "-" + r;
            String body = """
                    {"request_id": "%s", "data": {"items": [{"phone": "0912%06d", "name": "Khách Hàng Số"}]}}""".formatted(requestId, r);
            while (sending.get()) {
                HttpResponse<String> response = gateway.postJson("/api/importer/import", body);
                if (response.statusCode() == 202) {
                    accepted.add(requestId);
                    break;
                }
                if (response.statusCode() != 503) {
                    unexpected.add(response.statusCode() + " " + response.body());
                }
                refusals.incrementAndGet();
                firstRefusal.compareAndSet(0, System.currentTimeMillis());
                lastRefusal.set(System.currentTimeMillis());
                await().pollDelay(Duration.ofMillis(100)).until(() -> true);
            }
        }
    }

    private Map<String, Long> statuses(Set<String> requestIds) throws Exception {
        Map<String, Long> statuses = new java.util.TreeMap<>();
        for (String status : List.of("pending", "success", "partial", "error")) {
            long n = count("SELECT count(*) FROM validation_requests WHERE status = '" + status + "' AND request_id = ANY (?)", requestIds);
            if (n > 0) {
                statuses.put(status, n);
            }
        }
        return statuses;
    }

    private long count(String sql, Set<String> requestIds) throws Exception {
        return TestServers.get().countIn(schema, sql, requestIds);
    }
}
