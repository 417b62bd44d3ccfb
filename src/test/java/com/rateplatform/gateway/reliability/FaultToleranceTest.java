package com.rateplatform.gateway.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import com.rateplatform.gateway.message.Json;
import com.rateplatform.gateway.support.Console;
import com.rateplatform.gateway.support.RunningGateway;
import com.rateplatform.gateway.support.TestKeys;
import com.rateplatform.gateway.support.TestServers;

/**
 * The plan's promise, "zero message loss", under faults: 10,000 items through two worker processes while a worker is
 * killed with SIGKILL three times, the database connections are terminated for about ten seconds, and the Redis client
 * connections are killed once. At the end every accepted request has exactly one final status and one response row,
 * and nothing is left pending.
 */
@Tag("fault")
class FaultToleranceTest {

    private static final int REQUESTS = 1_000;
    private static final int ITEMS_PER_REQUEST = 10;
    private static final int REQUESTS_PER_POST = 50;

    private final String prefix = TestServers.uniquePrefix("fault");
    private final String runId = "fault-" + System.nanoTime();
    private final String schema = TestServers.isolatedSchema();
    // Only this test's processes are hit when it terminates database or Redis connections, never other runs on the same
    // servers: its processes name their connections after the run.
    private final String applicationName = "rate-gateway-" + runId;
    private final Path logs = Path.of("target", "fault-logs");
    private final Map<String, Process> workers = new HashMap<>();
    private final Map<String, Integer> workerPorts = new HashMap<>();
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void everyAcceptedRequestCompletesExactlyOnceThroughWorkerKillsDatabaseAndRedisOutages() throws Exception {
        Files.createDirectories(logs);
        Set<String> accepted = java.util.concurrent.ConcurrentHashMap.newKeySet();
        int kills = 0;
        try (RunningGateway gateway = RunningGateway.start(prefix, Map.of("rate.roles", "gateway", "rate.db.schema", schema, "rate.db.application-name", applicationName,
                "camel.component.redis-stream.client-name", applicationName,
                "rate.reconciler.enabled", "true", "rate.reconciler.min-age-ms", "5000", "rate.reconciler.interval-ms", "2000",
                "rate.retry.max-deliveries", "50"))) {
            startWorker("worker-a");
            startWorker("worker-b");
            AtomicBoolean loading = new AtomicBoolean(true);
            Thread load = new Thread(() -> sendLoad(gateway, accepted, loading), "fault-load");
            load.start();

            awaitAccepted(accepted, REQUESTS / 5);
            kill("worker-a");
            kills++;
            startWorker("worker-a");

            awaitAccepted(accepted, REQUESTS * 2 / 5);
            long outage = terminateDatabaseConnectionsFor(Duration.ofSeconds(10));

            kill("worker-b");
            kills++;
            startWorker("worker-b");

            awaitAccepted(accepted, REQUESTS * 3 / 5);
            long redisClientsKilled = TestServers.get().killRedisClientsNamed(applicationName);

            awaitAccepted(accepted, REQUESTS * 4 / 5);
            kill("worker-a");
            kills++;
            startWorker("worker-a");

            load.join(180_000);
            loading.set(false);

            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1)).until(() -> pending(accepted) == 0);
            await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(500)).until(() ->
                    streamPending("validation_requests", "validators") + streamPending("validation_requests_high", "validators")
                    + streamPending("extension_responses", "status-recorders") + streamPending("importer_responses", "status-recorders") == 0);

            Map<String, Long> finalStatuses = finalStatuses(accepted);
            long responseRows = rows("SELECT count(*) FROM validation_responses WHERE request_id = ANY (?)", accepted);
            long requestsWithOneResponse = rows("""
                    SELECT count(*) FROM (SELECT request_id FROM validation_responses WHERE request_id = ANY (?)
                                           GROUP BY request_id HAVING count(*) = 1) t""", accepted);
            long itemRows = rows("SELECT count(*) FROM raw_items WHERE request_id = ANY (?)", accepted);
            Console.printf("Fault test: %d requests (%d items) accepted; %d SIGKILLs of workers; database connections "
                              + "terminated %d times over 10 s; %d Redis client connections killed; final statuses %s; "
                              + "%d response rows (%d requests with exactly one); %d item rows; 0 pending%n",
                    accepted.size(), accepted.size() * ITEMS_PER_REQUEST, kills, outage, redisClientsKilled, finalStatuses,
                    responseRows, requestsWithOneResponse, itemRows);

            assertThat(accepted).hasSize(REQUESTS);
            assertThat(finalStatuses.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(REQUESTS);
            assertThat(finalStatuses).containsOnlyKeys("success");
            assertThat(responseRows).isEqualTo(REQUESTS);
            assertThat(requestsWithOneResponse).isEqualTo(REQUESTS);
            assertThat(itemRows).isEqualTo((long) REQUESTS * ITEMS_PER_REQUEST);
        } finally {
            workers.values().forEach(Process::destroyForcibly);
        }
    }

    /** Posts batches until every request is accepted; a refused batch (503 during an outage) is sent again as is. */
    private void sendLoad(RunningGateway gateway, Set<String> accepted, AtomicBoolean loading) {
        for (int first = 0; first < REQUESTS && loading.get(); first += REQUESTS_PER_POST) {
            StringBuilder body = new StringBuilder("{\"requests\": [");
            for (int r = first; r < first + REQUESTS_PER_POST; r++) {
                body.append(r == first ? "" : ",").append("{\"request_id\": \"").append(runId).append("-r").append(r)
                        .append("\", \"data\": {\"items\": [");
                for (int i = 0; i < ITEMS_PER_REQUEST; i++) {
                    body.append(i == 0 ? "" : ",").append("{\"phone\": \"0912").append(String.format("%06d", r * 100 + i))
                            .append("\", \"name\": \"Khách Hàng Số\"}");
                }
                body.append("]}}");
            }
            body.append("]}");
            while (loading.get()) {
                HttpResponse<String> response = gateway.postJson("/api/validation/batch", body.toString());
                if (response.statusCode() == 202) {
                    try {
                        Json.MAPPER.readTree(response.body()).get("requests").forEach(r -> accepted.add(r.get("request_id").asText()));
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                    break;
                }
                assertThat(response.statusCode()).as(response.body()).isEqualTo(503);
                await().pollDelay(Duration.ofMillis(200)).until(() -> true);
            }
        }
    }

    private void startWorker(String name) throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        TestServers servers = TestServers.get();
        ProcessBuilder builder = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), "com.rateplatform.gateway.RateGatewayApplication");
        Map<String, String> env = builder.environment();
        env.put("ROLES", "worker");
        env.put("REDIS_URL", servers.redisUrl());
        env.put("DB_URL", servers.dbUrl());
        env.put("DB_USER", servers.dbUser());
        env.put("DB_PASSWORD", servers.dbPassword());
        env.put("DB_SCHEMA", schema);
        env.put("DB_APPLICATION_NAME", applicationName);
        env.put("REDIS_CLIENT_NAME", applicationName);
        env.put("DB_MIGRATE", "false");
        env.put("STREAM_PREFIX", prefix);
        env.put("STREAM_ENCRYPTION_KEYS", TestKeys.SPEC);
        env.put("CONSUMER_NAME", name);
        env.put("HTTP_PORT", Integer.toString(port));
        env.put("WORKER_CLAIM_IDLE_MS", "3000");
        env.put("WORKER_CLAIM_INTERVAL_MS", "500");
        env.put("SHUTDOWN_DRAIN_MS", "0");
        // Outages here last ~10 s; a request must not be dead-lettered for them (production: 5 deliveries, 30 s apart).
        env.put("RETRY_MAX_DELIVERIES", "50");
        File log = logs.resolve(name + ".log").toFile();
        builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log));
        workers.put(name, builder.start());
        workerPorts.put(name, port);
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/api/health/live")).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
    }

    private void kill(String name) throws InterruptedException {
        Process process = workers.remove(name);
        process.destroyForcibly(); // SIGKILL: no shutdown hook, entries in hand stay pending
        process.waitFor();
    }

    /** Terminates the application's database connections again and again for the duration; returns how many. */
    private long terminateDatabaseConnectionsFor(Duration duration) throws Exception {
        long terminated = 0;
        long until = System.currentTimeMillis() + duration.toMillis();
        try (Connection admin = TestServers.get().jdbc(schema); PreparedStatement statement = admin.prepareStatement("""
                SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
                 WHERE application_name = ? AND pid <> pg_backend_pid()""")) {
            statement.setString(1, applicationName);
            while (System.currentTimeMillis() < until) {
                try (ResultSet rs = statement.executeQuery()) {
                    rs.next();
                    terminated += rs.getLong(1);
                }
                await().pollDelay(Duration.ofMillis(100)).until(() -> true);
            }
        }
        return terminated;
    }

    private void awaitAccepted(Set<String> accepted, int count) {
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(100)).until(() -> accepted.size() >= count);
    }

    private long streamPending(String stream, String group) {
        try {
            return TestServers.get().redis().xpending(prefix + stream, group).getCount();
        } catch (io.lettuce.core.RedisCommandExecutionException e) {
            return 0; // no such stream or group: nothing pending there
        }
    }

    private long pending(Set<String> accepted) throws Exception {
        return rows("SELECT count(*) FROM validation_requests WHERE status = 'pending' AND request_id = ANY (?)", accepted);
    }

    private Map<String, Long> finalStatuses(Set<String> accepted) throws Exception {
        Map<String, Long> statuses = new HashMap<>();
        try (Connection c = TestServers.get().jdbc(schema); PreparedStatement ps = c.prepareStatement(
                "SELECT status, count(*) FROM validation_requests WHERE request_id = ANY (?) GROUP BY status")) {
            ps.setArray(1, c.createArrayOf("text", new ArrayList<>(accepted).toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    statuses.put(rs.getString(1), rs.getLong(2));
                }
            }
        }
        return statuses;
    }

    private long rows(String sql, Set<String> requestIds) throws Exception {
        return TestServers.get().countIn(schema, sql, requestIds);
    }
}
