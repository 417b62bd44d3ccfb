package com.rateplatform.gateway.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import com.rateplatform.gateway.support.AppProcess;
import com.rateplatform.gateway.support.FreshSchema;
import com.rateplatform.gateway.support.HaProxy;
import com.rateplatform.gateway.support.RunningGateway;
import com.rateplatform.gateway.support.TestCertificates;
import com.rateplatform.gateway.support.TestServers;
import com.rateplatform.gateway.support.TestTokens;

/**
 * A deploy drops nothing: two gateways behind HAProxy on the shipped configuration (config/haproxy/haproxy.cfg: TLS,
 * readiness checks) and two workers, each process started like production (its own JVM, configured by environment).
 * Under steady load through the proxy over HTTPS — validations and status reads at fixed rates, and a WebSocket client
 * of the same caller that receives every result — gateway 1, gateway 2, worker 1 and worker 2 are restarted in turn,
 * each by SIGTERM and a fresh process on the same port, twice over. Every request gets its 2xx (a 429/503 with
 * Retry-After is retried, as the API documents, and counted); every accepted request ends with exactly one response,
 * status success; the WebSocket client, resuming with its last event id after each disconnect, gets every result once.
 * Prints how long each gateway was out of the pool.
 */
@Tag("slow")
class RollingRestartTest {

    private static final int VALIDATES_PER_SECOND = 100;
    private static final int STATUS_READS_PER_SECOND = 100;
    private static final int ROUNDS = 2;
    /** The default of SHUTDOWN_DRAIN_MS (application.properties), which the proxy's check arithmetic is made for. */
    private static final String GATEWAY_DRAIN_MS = "5000";
    private static final String BACKEND = "gateways";
    private static final String CALLER = "rolling-restart-client";
    private static final List<String> GATEWAYS = List.of("gateway-1", "gateway-2");
    private static final List<String> WORKERS = List.of("worker-1", "worker-2");
    private static final List<String> INSTANCES = List.of("gateway-1", "gateway-2", "worker-1", "worker-2");

    private final String runId = "rolling-" + System.nanoTime();
    private final String prefix = TestServers.uniquePrefix("rolling");
    private final Path work = Path.of("target", "rolling-restart");
    private final Map<String, AppProcess> processes = new LinkedHashMap<>();
    private final Map<String, Integer> ports = new HashMap<>();
    private final List<String> figures = new ArrayList<>();

    @Test
    void gatewaysAndWorkersRestartedOneByOneTwiceUnderLoadDropNoRequestAndLoseNoResult() throws Exception {
        assumeTrue(HaProxy.installed(), "haproxy is not installed (apt-get install haproxy)");
        Files.createDirectories(work);
        TestCertificates certificates = TestCertificates.create(Files.createTempDirectory(work.toAbsolutePath(), "tls"), "Rolling restart test CA");
        HttpClient http = HttpClient.newBuilder().sslContext(certificates.clientContext()).version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        String token = TestTokens.of(CALLER);
        try (FreshSchema schema = new FreshSchema()) {
            try {
                for (String name : INSTANCES) {
                    ports.put(name, AppProcess.freePort());
                    launch(name, schema);
                }
                processes.values().forEach(AppProcess::awaitLive);
                try (HaProxy proxy = HaProxy.start(work, certificates.bundle(), address(GATEWAYS.get(0)), address(GATEWAYS.get(1)));
                     PoolWatch pool = new PoolWatch(proxy, BACKEND);
                     ResumingPushClient socket = new ResumingPushClient(http, "wss://127.0.0.1:" + proxy.httpsPort() + "/api/validation/ws", token);
                     SteadyLoad load = new SteadyLoad(http, proxy.httpsUrl(""), token, runId)) {
                    await().atMost(Duration.ofSeconds(30)).until(() -> GATEWAYS.stream().allMatch(pool::inPool));
                    socket.connect();
                    long loadStarted = System.nanoTime();
                    load.start(VALIDATES_PER_SECOND, STATUS_READS_PER_SECOND);
                    await().atMost(Duration.ofSeconds(60)).until(() -> load.accepted().size() >= VALIDATES_PER_SECOND * 3);

                    restartEachInTurn(schema, pool);

                    await().pollDelay(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(() -> true);
                    load.stop();
                    double loadSeconds = (System.nanoTime() - loadStarted) / 1e9;
                    await().atMost(Duration.ofSeconds(120)).until(load::settled);
                    Set<String> accepted = load.accepted();
                    await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).until(() -> pending(schema, accepted) == 0);
                    await().atMost(Duration.ofSeconds(30)).until(() -> socket.results().keySet().containsAll(accepted));

                    assertEveryRequestAnsweredAndCompletedOnce(schema, load, loadSeconds, socket, proxy, pool);
                }
            } finally {
                // Before the schema goes: processes still running would fail on its missing tables.
                AppProcess.stopAll(processes.values().toArray(new AppProcess[0]));
            }
        }
    }

    /** Gateway 1, gateway 2, worker 1, worker 2, each waiting for the one before it to be back, {@value #ROUNDS} times. */
    private void restartEachInTurn(FreshSchema schema, PoolWatch pool) throws Exception {
        for (int round = 1; round <= ROUNDS; round++) {
            for (String gateway : GATEWAYS) {
                restartGateway(gateway, round, schema, pool);
            }
            for (String worker : WORKERS) {
                restartWorker(worker, round, schema);
            }
        }
    }

    private void assertEveryRequestAnsweredAndCompletedOnce(FreshSchema schema, SteadyLoad load, double loadSeconds,
                                                            ResumingPushClient socket, HaProxy proxy, PoolWatch pool) throws Exception {
        Set<String> accepted = load.accepted();
        long succeeded = count(schema, "SELECT count(*) FROM validation_requests WHERE status = 'success' AND request_id = ANY (?)", accepted);
        long responseRows = count(schema, "SELECT count(*) FROM validation_responses WHERE request_id = ANY (?)", accepted);
        long published = TestServers.get().redis().xlen(prefix + "extension_responses");
        List<String> repeated = socket.results().entrySet().stream().filter(r -> r.getValue() > 1).map(Map.Entry::getKey).toList();
        figures.add(String.format("Load for %.0f s (asked: %d validations/s, %d status reads/s): %d validations, %d status reads "
                                  + "(%.0f requests/s), answers %s, %d retried after Retry-After, %d failed, %d sends skipped (%d "
                                  + "under way)", loadSeconds, VALIDATES_PER_SECOND, STATUS_READS_PER_SECOND, load.validates(),
                load.statusReads(), (load.validates() + load.statusReads()) / loadSeconds, load.answers(), load.retries(),
                load.failures().size(), load.skipped(), SteadyLoad.SENDERS));
        figures.add(String.format("Outcome: %d accepted, %d success, %d response rows, %d responses published; WebSocket: %d results "
                                  + "(%d repeated), %d reconnects (%d failed attempts), errors %s", accepted.size(), succeeded,
                responseRows, published, socket.results().size(), repeated.size(), socket.reconnects(), socket.failedAttempts(),
                socket.errors()));
        proxy.servers(BACKEND).forEach((name, stat) -> figures.add(String.format("HAProxy %s: checks failed %s, went down %s times, "
                        + "down %s s in all, slowest check seen %s ms, 5xx %s, connection errors %s, response errors %s, retries %s, "
                        + "redispatches %s", name, stat.get("chkfail"), stat.get("chkdown"), stat.get("downtime"),
                pool.slowestCheckMs().get(name), stat.get("hrsp_5xx"), stat.get("econ"), stat.get("eresp"), stat.get("wretr"),
                stat.get("wredis"))));
        figures.forEach(System.out::println);

        assertThat(load.failures()).as("requests that got neither a 2xx nor a 429/503 with Retry-After").isEmpty();
        assertThat(pool.emptyPoolPolls()).as("times HAProxy had no gateway in the pool").isZero();
        assertThat(succeeded).isEqualTo(accepted.size());
        assertThat(responseRows).isEqualTo(accepted.size());
        assertThat(published).as("responses published (a request validated twice publishes twice)").isEqualTo(accepted.size());
        assertThat(socket.results().keySet()).containsAll(accepted);
        assertThat(repeated).as("requests whose result the WebSocket client got more than once").isEmpty();
        assertThat(socket.errors()).isEmpty();
        assertThat(socket.reconnects()).as("the client was moved off each stopping gateway").isGreaterThanOrEqualTo(ROUNDS);
    }

    /** SIGTERM, wait for the process to end, a fresh one on the same port, back in HAProxy's pool. */
    private void restartGateway(String gateway, int round, FreshSchema schema, PoolWatch pool) throws Exception {
        long sigterm = System.nanoTime();
        processes.get(gateway).terminate();
        long ended = System.nanoTime();
        launch(gateway, schema).awaitLive();
        long live = System.nanoTime();
        await().atMost(Duration.ofSeconds(60)).until(() -> pool.inPool(gateway));
        long back = System.nanoTime();
        PoolWatch.Absence absence = pool.absenceAfter(gateway, sigterm);
        assertThat(absence).as(gateway + " left the pool after SIGTERM").isNotNull();
        figures.add(String.format("%s, round %d: out of the pool %.2f s after SIGTERM (process ended at %.2f s, live again at "
                                  + "%.2f s), back in the pool at %.2f s: out of the pool %.2f s", gateway, round,
                seconds(absence.from() - sigterm), seconds(ended - sigterm), seconds(live - sigterm), seconds(back - sigterm),
                seconds((absence.to() == 0 ? back : absence.to()) - absence.from())));
    }

    /** SIGTERM, wait for the process to end, a fresh one with the same consumer name, live. */
    private void restartWorker(String worker, int round, FreshSchema schema) throws Exception {
        long sigterm = System.nanoTime();
        processes.get(worker).terminate();
        long ended = System.nanoTime();
        launch(worker, schema).awaitLive();
        figures.add(String.format("%s, round %d: process ended %.2f s after SIGTERM, live again at %.2f s", worker, round,
                seconds(ended - sigterm), seconds(System.nanoTime() - sigterm)));
    }

    private AppProcess launch(String name, FreshSchema schema) throws Exception {
        boolean gateway = name.startsWith("gateway");
        Map<String, String> env = new HashMap<>();
        env.put("ROLES", gateway ? "gateway" : "worker");
        env.put("CONSUMER_NAME", name);
        env.put("STREAM_PREFIX", prefix);
        env.put("DB_SCHEMA", schema.name());
        env.put("DB_MIGRATE", "false");
        env.put("JWT_SECRET", RunningGateway.JWT_SECRET);
        // One caller sends all the load: its per-caller limits would answer most of it 429.
        env.put("RATE_LIMIT_VALIDATION_WRITE", "1000000/1m");
        env.put("RATE_LIMIT_VALIDATION_READ", "1000000/1m");
        // Gateways drain as in production; nothing routes to a worker, so it needs no drain.
        env.put("SHUTDOWN_DRAIN_MS", gateway ? GATEWAY_DRAIN_MS : "0");
        AppProcess process = AppProcess.launch(work.resolve(name + ".log"), ports.get(name), env);
        processes.put(name, process);
        return process;
    }

    private String address(String name) {
        return "127.0.0.1:" + ports.get(name);
    }

    private static long pending(FreshSchema schema, Set<String> requestIds) throws Exception {
        return count(schema, "SELECT count(*) FROM validation_requests WHERE status = 'pending' AND request_id = ANY (?)", requestIds);
    }

    private static long count(FreshSchema schema, String sql, Set<String> requestIds) throws Exception {
        return TestServers.get().countIn(schema.name(), sql, requestIds);
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }
}
