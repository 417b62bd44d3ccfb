package com.rateplatform.gateway.bench.harness;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.zaxxer.hikari.HikariDataSource;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;

import com.rateplatform.gateway.message.Json;
import com.rateplatform.gateway.persistence.Database;
import com.rateplatform.gateway.security.Scopes;
import com.rateplatform.gateway.support.NdjsonItems;
import com.rateplatform.gateway.support.RunningGateway;
import com.rateplatform.gateway.support.TestServers;
import com.rateplatform.gateway.support.TokenCli;

/**
 * The benchmark harness of issue 13, one command: {@code benchmarks/run.sh all [quick]}. In one run, on the machine's
 * Redis and PostgreSQL (REDIS_URL / DB_URL; embedded ones when unset), it measures the ceilings ({@link Ceilings}),
 * then the gateway and worker roles as OS processes of their own ({@link RoleProcess}) under the load of
 * {@link LoadGenerator}, the bulk import end to end and WebSocket push end to end, and prints a table of every figure
 * beside its ceiling and its target ({@link Report}), written as JSON under {@code target/benchmarks/}. The bench
 * works in a fresh schema and Redis key prefix, removed at exit. Durations and rates: {@link Settings}.
 */
public final class Harness {

    /** How every PostgreSQL connection of the bench shows in pg_stat_activity (the roles add "-gateway", "-worker"). */
    static final String APPLICATION_NAME = "rgw-bench";

    /** The issue's /validate body: 237 bytes, 3 items (a name, a phone, a bank account); the request id fills it up. */
    public static final String VALIDATE_BODY = "{\"request_id\": \"%s\", \"data\": {\"items\": [{\"item_id\": \"1\", \"name\": "
            + "\"Nguyễn Văn An\"}, {\"item_id\": \"2\", \"phone\": \"0912345678\"}, {\"item_id\": \"3\", \"bank_account\": "
            + "\"0123456789\", \"bank_code\": \"VCB\"}]}}";
    private static final int VALIDATE_BODY_BYTES = 237;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");
    private static final String UNKNOWN_ID = "no-such-request-0000000000";

    /** Durations, rates and sizes: the by default, {@code quick} for development, each overridable by env. */
    record Settings(String mode, Duration warmUp, Duration saturation, Duration fixedRate, List<Integer> rates,
                    List<Integer> statusRates, int connections,
                    Duration ceiling, int streamMessages, int pgRows, int bulkItems, int pushRequests, int pushRate,
                    Duration settle, Duration drain, Duration grace, String heap, String bulkHeap, Set<String> parts) {

        static Settings from(List<String> args, Map<String, String> env) {
            boolean quick = args.contains("quick");
            return new Settings(quick ? "quick" : "full",
                    seconds(env, "BENCH_WARMUP_SECONDS", quick ? 15 : 60),
                    seconds(env, "BENCH_SATURATION_SECONDS", quick ? 10 : 30),
                    seconds(env, "BENCH_FIXED_RATE_SECONDS", quick ? 10 : 60),
                    rates(env.getOrDefault("BENCH_RATES", "200,500,1000,2000")),
                    rates(env.getOrDefault("BENCH_STATUS_RATES", "")),
                    number(env, "BENCH_CONNECTIONS", 50),
                    seconds(env, "BENCH_CEILING_SECONDS", quick ? 5 : 15),
                    number(env, "BENCH_STREAM_MESSAGES", quick ? 50_000 : 200_000),
                    number(env, "BENCH_PG_ROWS", quick ? 50_000 : 200_000),
                    number(env, "BENCH_BULK_ITEMS", quick ? 100_000 : 1_000_000),
                    number(env, "BENCH_PUSH_REQUESTS", quick ? 300 : 1_000),
                    number(env, "BENCH_PUSH_RATE", 100),
                    // PostgreSQL reports an idle backend's last second of commits up to 10 s late.
                    seconds(env, "BENCH_SETTLE_SECONDS", quick ? 2 : 11),
                    seconds(env, "BENCH_DRAIN_SECONDS", quick ? 60 : 180),
                    seconds(env, "BENCH_GRACE_SECONDS", 15),
                    env.getOrDefault("BENCH_HEAP", "512m"),
                    env.getOrDefault("BENCH_BULK_HEAP", "256m"),
                    new LinkedHashSet<>(List.of(env.getOrDefault("BENCH_PARTS", "ceilings,gateway,bulk,push").split(","))));
        }

        private static List<Integer> rates(String list) {
            return Arrays.stream(list.split(",")).map(String::trim).filter(r -> !r.isEmpty()).map(Integer::valueOf).toList();
        }

        private static Duration seconds(Map<String, String> env, String name, int defaultSeconds) {
            return Duration.ofSeconds(number(env, name, defaultSeconds));
        }

        private static int number(Map<String, String> env, String name, int defaultValue) {
            return Integer.parseInt(env.getOrDefault(name, Integer.toString(defaultValue)).trim());
        }
    }

    /** Accepted → result recorded, from the rows of the phase's requests (request created_at → response created_at). */
    record EndToEnd(long accepted, long completed, double drainSeconds, Double completionLagSeconds, LoadGenerator.Latency latency) {
    }

    /** One measured phase: the load, its costs per good answer and, for /validate, end to end. */
    record Phase(String key, String title, LoadGenerator.Result load, Probes.Costs costs, EndToEnd endToEnd) {
    }

    /** The bulk import: 202 after {@code acceptSeconds}, batch complete after {@code seconds}. */
    record Bulk(long items, String gatewayHeap, double acceptSeconds, double seconds, double itemsPerSecond, long done,
                long error, String status, Probes.Costs costs) {
    }

    /** What {@code PushLatencyBenchmark} printed: request → result over a WebSocket, and ping → pong on the same socket. */
    record Push(int requests, int rate, LoadGenerator.Latency endToEnd, LoadGenerator.Latency pingPong, Long refused, String log) {
    }

    record StartToReady(String role, String heap, double seconds) {
    }

    record Machine(int cores, String cpuModel, long ramMiB, String os, String java, String redis, String postgresql) {
    }

    /** Everything one run measured; what {@link Report} prints and writes. */
    record Results(Instant started, Instant finished, Settings settings, Machine machine, List<String> notes,
                   Ceilings.Http http, List<Ceilings.Throughput> ceilings, List<StartToReady> startToReady, List<Phase> phases,
                   Bulk bulk, Push push) {
    }

    private final Settings settings;
    private final TestServers servers = TestServers.get();
    private final String schema = TestServers.isolatedSchema();
    private final String runId = Long.toString(System.currentTimeMillis(), 36);
    private final Path output = Path.of("target", "benchmarks");
    private final List<String> notes = new ArrayList<>();
    private final List<StartToReady> startToReady = new ArrayList<>();
    private final List<Phase> phases = new ArrayList<>();
    private final List<Ceilings.Throughput> ceilings = new ArrayList<>();
    private HikariDataSource dataSource;
    private Probes probes;
    private String apiToken;
    private String jwt;
    private Ceilings.Http http;
    private Bulk bulk;
    private Push push;

    private Harness(Settings settings) {
        this.settings = settings;
    }

    public static void main(String[] args) {
        int exit = 0;
        try {
            new Harness(Settings.from(List.of(args), System.getenv())).run();
        } catch (Exception e) {
            e.printStackTrace();
            exit = 1;
        }
        // Also runs TestServers' clean-up: the bench's schema and Redis keys go.
        System.exit(exit);
    }

    private void run() throws Exception {
        Instant started = Instant.now();
        Files.createDirectories(output);
        dataSource = Database.pool(servers.dbUrl(), servers.dbUser(), servers.dbPassword(), schema, 4, 3_000,
                APPLICATION_NAME + "-harness");
        Database.migrate(dataSource, schema);
        Machine machine = machine();
        say("machine: %d cores, %s, %,d MiB RAM; Redis %s, %s", machine.cores(), machine.cpuModel(), machine.ramMiB(),
                machine.redis(), machine.postgresql());
        say("mode %s; the load generator runs in this JVM on one event-loop thread and shares the cores with the servers",
                settings.mode());
        Map<String, String> tokenEnv = new HashMap<>(TokenCli.env());
        tokenEnv.put("DB_SCHEMA", schema);
        apiToken = TokenCli.run(tokenEnv, "create", "--name", "bench", "--scopes", String.join(",", Scopes.VALIDATION_WRITE,
                Scopes.VALIDATION_READ, Scopes.IMPORTER_WRITE, Scopes.IMPORTER_READ)).token();
        jwt = RunningGateway.token("bench-jwt", List.of(Scopes.VALIDATION_WRITE, Scopes.VALIDATION_READ));
        try (Connection probeConnection = dataSource.getConnection(); LoadGenerator load = new LoadGenerator(settings.grace())) {
            probes = new Probes(servers.redis(), probeConnection);
            noteOtherClients("at start");
            if (settings.parts().contains("ceilings")) {
                ceilings(load);
            }
            if (settings.parts().contains("gateway")) {
                gateway(load);
            }
            if (settings.parts().contains("bulk")) {
                bulk();
            }
            if (settings.parts().contains("push")) {
                push();
            }
            noteOtherClients("at the end");
        }
        Results results = new Results(started, Instant.now(), settings, machine, notes, http, ceilings, startToReady, phases, bulk, push);
        Report report = new Report(results);
        report.print(System.out);
        say("figures written to %s", report.write(output));
    }

    // ---- ceilings ----

    private void ceilings(LoadGenerator load) throws Exception {
        http = Ceilings.bareVertx(load, probes, settings.heap(), settings.connections(), settings.ceiling(), settings.rates(),
                settings.ceiling(), output.resolve("bare-vertx-" + runId + ".log"));
        say("ceiling: Redis stream, %,d messages", settings.streamMessages());
        ceilings.add(Ceilings.redisStream(servers.redisUrl(), TestServers.uniquePrefix("bench-ceiling") + "stream",
                settings.streamMessages()));
        try (Connection c = dataSource.getConnection()) {
            Ceilings.createItemsTable(c);
        }
        say("ceiling: PostgreSQL, %,d rows by batch INSERT, then by COPY", settings.pgRows());
        ceilings.add(Ceilings.pgBatchInsert(servers.dbUrl(), servers.dbUser(), servers.dbPassword(), schema, settings.pgRows()));
        ceilings.add(Ceilings.pgCopy(servers.dbUrl(), servers.dbUser(), servers.dbPassword(), schema, settings.pgRows()));
        ceilings.add(Ceilings.pgSingleRowCommits(servers.dbUrl(), servers.dbUser(), servers.dbPassword(), schema,
                settings.ceiling()));
        ceilings.forEach(c -> say("  %s: %,.0f %s/s", c.name(), c.perSecond(), c.unit()));
    }

    // ---- gateway and worker under load ----

    private void gateway(LoadGenerator load) throws Exception {
        Map<String, String> env = appEnv(TestServers.uniquePrefix("bench"));
        try (RoleProcess gateway = started("gateway", settings.heap(), env); RoleProcess worker = started("worker", settings.heap(), env)) {
            Map<String, Long> pids = Map.of("gateway", gateway.pid(), "worker", worker.pid());
            Map<String, String> token = Map.of("X-API-Token", apiToken);
            Map<String, String> bearer = Map.of("Authorization", "Bearer " + jwt);
            int port = gateway.port();

            // JIT warm-up, not measured: every path the phases take, at moderate load (4 connections).
            Duration part = settings.warmUp().dividedBy(5);
            say("warm-up: %d s at 4 connections, not measured", settings.warmUp().toSeconds());
            load.closedLoop(validate(port, "warm", token), 4, part);
            load.closedLoop(validate(port, "warmjwt", bearer), 4, part);
            load.closedLoop(status(port, UNKNOWN_ID, token), 4, part);
            load.closedLoop(status(port, UNKNOWN_ID, bearer), 4, part);
            drain(idPrefix("warm"));
            String knownId = requestId(idPrefix("warm"), 0);
            load.closedLoop(status(port, knownId, token), 4, part);
            probes.settledSnapshot(pids, settings.settle());

            int n = settings.connections();
            measure(pids, "validate-saturated-token", "POST /validate, %d connections, API token".formatted(n), idPrefix("sattok"),
                    () -> load.closedLoop(validate(port, "sattok", token), n, settings.saturation()));
            measure(pids, "validate-saturated-jwt", "POST /validate, %d connections, JWT".formatted(n), idPrefix("satjwt"),
                    () -> load.closedLoop(validate(port, "satjwt", bearer), n, settings.saturation()));
            for (int rate : settings.rates()) {
                measure(pids, "validate-" + rate, "POST /validate at %,d req/s, API token".formatted(rate), idPrefix("r" + rate),
                        () -> load.openLoop(validate(port, "r" + rate, token), rate, settings.fixedRate()));
            }
            measure(pids, "status-unknown-saturated-token", "GET /status/{unknown}, %d connections, API token".formatted(n), null,
                    () -> load.closedLoop(status(port, UNKNOWN_ID, token), n, settings.saturation()));
            measure(pids, "status-unknown-saturated-jwt", "GET /status/{unknown}, %d connections, JWT".formatted(n), null,
                    () -> load.closedLoop(status(port, UNKNOWN_ID, bearer), n, settings.saturation()));
            for (int rate : settings.statusRates()) {
                measure(pids, "status-unknown-" + rate, "GET /status/{unknown} at %,d req/s, API token".formatted(rate), null,
                        () -> load.openLoop(status(port, UNKNOWN_ID, token), rate, settings.fixedRate()));
            }
            measure(pids, "status-known-saturated-token", "GET /status/{known}, %d connections, API token".formatted(n), null,
                    () -> load.closedLoop(status(port, knownId, token), n, settings.saturation()));
        }
    }

    /** Runs one phase between two snapshots of the counters; a /validate phase also waits for its results (drain). */
    private void measure(Map<String, Long> pids, String key, String title, String idPrefix, LoadGenerator.Job loadRun) throws Exception {
        say("phase %s", title);
        Probes.Snapshot before = probes.snapshot(pids);
        LoadGenerator.Result result = loadRun.run();
        EndToEnd endToEnd = idPrefix == null ? null : endToEnd(idPrefix, drain(idPrefix));
        Probes.Costs costs = Probes.between(before, probes.settledSnapshot(pids, settings.settle()), result.good());
        Phase phase = new Phase(key, title, result, costs, endToEnd);
        phases.add(phase);
        say("  %,.0f req/s, p50 %.1f ms, p99 %.1f ms, errors %s; gateway %,.0f µs/req, worker %,.0f µs/req",
                result.achievedRate(), result.latency().p50(), result.latency().p99(), result.errors(),
                costs.cpuMicrosPerUnit().getOrDefault("gateway", 0.0), costs.cpuMicrosPerUnit().getOrDefault("worker", 0.0));
    }

    /** The 237-byte /validate body with a request id of the phase ({@link #idPrefix}) and number n. */
    private LoadGenerator.Target validate(int port, String tag, Map<String, String> credential) {
        String prefix = idPrefix(tag);
        Map<String, String> headers = new HashMap<>(credential);
        headers.put("Content-Type", "application/json");
        return new LoadGenerator.Target("POST /api/validation/validate", port, HttpMethod.POST, n -> "/api/validation/validate",
                n -> Buffer.buffer(VALIDATE_BODY.formatted(requestId(prefix, n)).getBytes(StandardCharsets.UTF_8)), headers,
                Set.of(202));
    }

    private static LoadGenerator.Target status(int port, String requestId, Map<String, String> credential) {
        return new LoadGenerator.Target("GET /api/validation/status/{id}", port, HttpMethod.GET,
                n -> "/api/validation/status/" + requestId, null, credential, Set.of(UNKNOWN_ID.equals(requestId) ? 404 : 200));
    }

    /** Request ids of one phase start with this (no LIKE wildcard in it). */
    private String idPrefix(String tag) {
        return "b" + runId + "-" + tag + "-";
    }

    /** Request n of a phase, zero-padded so that the body is exactly {@link #VALIDATE_BODY_BYTES} long. */
    private static String requestId(String prefix, long n) {
        int digits = VALIDATE_BODY_BYTES - (VALIDATE_BODY.getBytes(StandardCharsets.UTF_8).length - 2) - prefix.length();
        return prefix + String.format("%0" + digits + "d", n);
    }

    /** Waits until no request of the phase is pending (bounded by the drain setting); the seconds it took. */
    private double drain(String idPrefix) throws Exception {
        long started = System.nanoTime();
        long deadline = started + settings.drain().toNanos();
        long pending;
        while ((pending = count("SELECT count(*) FROM validation_requests WHERE request_id LIKE ? AND status = 'pending'",
                idPrefix + "%")) > 0 && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        if (pending > 0) {
            notes.add("%,d requests of %s still pending after the %d s drain".formatted(pending, idPrefix, settings.drain().toSeconds()));
        }
        return seconds;
    }

    private EndToEnd endToEnd(String idPrefix, double drainSeconds) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
                WITH phase AS (
                  SELECT r.created_at AS accepted_at, s.created_at AS recorded_at,
                         EXTRACT(EPOCH FROM s.created_at - r.created_at) * 1000 AS ms
                    FROM validation_requests r LEFT JOIN validation_responses s ON s.request_id = r.request_id
                   WHERE r.request_id LIKE ?)
                SELECT count(*), count(recorded_at),
                       percentile_cont(0.5) WITHIN GROUP (ORDER BY ms), percentile_cont(0.95) WITHIN GROUP (ORDER BY ms),
                       percentile_cont(0.99) WITHIN GROUP (ORDER BY ms), percentile_cont(0.999) WITHIN GROUP (ORDER BY ms),
                       max(ms), avg(ms), EXTRACT(EPOCH FROM max(recorded_at) - max(accepted_at))
                  FROM phase""")) {
            ps.setString(1, idPrefix + "%");
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                LoadGenerator.Latency latency = new LoadGenerator.Latency(rs.getDouble(3), rs.getDouble(4), rs.getDouble(5),
                        rs.getDouble(6), rs.getDouble(7), rs.getDouble(8));
                return new EndToEnd(rs.getLong(1), rs.getLong(2), drainSeconds, rs.getObject(9) == null ? null : rs.getDouble(9), latency);
            }
        }
    }

    // ---- bulk import end to end ----

    /** {@link NdjsonItems} (MillionItemBulkTest's items) through POST /api/importer/bulk into fresh gateway and worker JVMs. */
    private void bulk() throws Exception {
        Map<String, String> env = appEnv(TestServers.uniquePrefix("bench-bulk"));
        try (RoleProcess gateway = started("gateway", settings.bulkHeap(), env); RoleProcess worker = started("worker", settings.heap(), env)) {
            Map<String, Long> pids = Map.of("gateway", gateway.pid(), "worker", worker.pid());
            int items = settings.bulkItems();
            say("bulk: %,d NDJSON items through POST /api/importer/bulk (gateway -Xmx%s, worker -Xmx%s)", items, settings.bulkHeap(),
                    settings.heap());
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            Probes.Snapshot before = probes.snapshot(pids);
            long started = System.nanoTime();
            HttpResponse<String> accepted = client.send(HttpRequest.newBuilder(URI.create(gateway.url("/api/importer/bulk")))
                    .header("X-API-Token", apiToken).header("Content-Type", "application/x-ndjson").timeout(Duration.ofMinutes(10))
                    .POST(HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(() -> new NdjsonItems(items)),
                            NdjsonItems.length(items))).build(), HttpResponse.BodyHandlers.ofString());
            double acceptSeconds = (System.nanoTime() - started) / 1e9;
            if (accepted.statusCode() != 202) {
                throw new IllegalStateException("bulk import refused: " + accepted.statusCode() + " " + accepted.body());
            }
            String batchId = Json.MAPPER.readTree(accepted.body()).get("batch_id").asText();
            JsonNode status;
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(20);
            do {
                Thread.sleep(250);
                status = Json.MAPPER.readTree(client.send(HttpRequest.newBuilder(URI.create(gateway.url("/api/importer/status/" + batchId)))
                        .header("X-API-Token", apiToken).build(), HttpResponse.BodyHandlers.ofString()).body());
            } while (!status.path("completed_at").isTextual() && System.nanoTime() < deadline);
            double seconds = (System.nanoTime() - started) / 1e9;
            Probes.Costs costs = Probes.between(before, probes.settledSnapshot(pids, settings.settle()), items);
            bulk = new Bulk(items, settings.bulkHeap(), acceptSeconds, seconds, items / seconds, status.path("done").asLong(),
                    status.path("error").asLong(), status.path("status").asText(), costs);
            say("  202 after %.1f s; complete (%s: %,d done, %,d error) after %.1f s: %,.0f items/s end to end", acceptSeconds,
                    bulk.status(), bulk.done(), bulk.error(), seconds, bulk.itemsPerSecond());
        }
    }

    // ---- WebSocket push end to end ----

    private static final Pattern PUSH_LINE = Pattern.compile(
            "n=[\\d,]+\\s+p50\\s+([\\d.]+) ms\\s+p95\\s+([\\d.]+) ms\\s+p99\\s+([\\d.]+) ms\\s+max\\s+([\\d.]+) ms");

    /** {@code PushLatencyBenchmark} in a JVM of its own (it runs its own gateway and worker in that JVM). */
    private void push() throws Exception {
        Path log = output.resolve("push-" + runId + ".log");
        say("push: PushLatencyBenchmark, %,d requests at %d/s over one WebSocket (its own JVM: gateway and worker together)",
                settings.pushRequests(), settings.pushRate());
        ProcessBuilder builder = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-cp",
                System.getProperty("java.class.path"), "com.rateplatform.gateway.bench.PushLatencyBenchmark",
                Integer.toString(settings.pushRequests()), Integer.toString(settings.pushRate()))
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(Map.of("REDIS_URL", servers.redisUrl(), "DB_URL", servers.dbUrl(), "DB_USER", servers.dbUser(),
                "DB_PASSWORD", servers.dbPassword()));
        Process process = builder.start();
        if (!process.waitFor(10, TimeUnit.MINUTES)) {
            process.destroyForcibly();
        }
        List<String> lines = Files.readAllLines(log);
        push = new Push(settings.pushRequests(), settings.pushRate(), pushLatency(lines, "request -> result (end to end)"),
                pushLatency(lines, "baseline: ping -> pong"), pushRefused(lines), log.toString());
        if (push.endToEnd() == null) {
            notes.add("PushLatencyBenchmark printed no figures; see " + log);
        }
    }

    private static final Pattern PUSH_REFUSED = Pattern.compile("refused: .*?, (\\d+) of the measured requests");

    /** How many of the measured requests the gateway refused (answered with an error instead of an ack). */
    private static Long pushRefused(List<String> lines) {
        return lines.stream().map(PUSH_REFUSED::matcher).filter(Matcher::find).map(m -> Long.valueOf(m.group(1))).findFirst()
                .orElse(null);
    }

    private static LoadGenerator.Latency pushLatency(List<String> lines, String label) {
        for (String line : lines) {
            Matcher m = PUSH_LINE.matcher(line);
            if (line.trim().startsWith(label) && m.find()) {
                return new LoadGenerator.Latency(Double.parseDouble(m.group(1)), Double.parseDouble(m.group(2)),
                        Double.parseDouble(m.group(3)), Double.NaN, Double.parseDouble(m.group(4)), Double.NaN);
            }
        }
        return null;
    }

    // ---- processes, machine, helpers ----

    /** The environment of both roles: the bench's schema and key prefix, its JWT secret, limits that never refuse. */
    private Map<String, String> appEnv(String prefix) {
        Map<String, String> env = new HashMap<>();
        env.put("DB_SCHEMA", schema);
        env.put("STREAM_PREFIX", prefix);
        env.put("JWT_SECRET", RunningGateway.JWT_SECRET);
        // The limiter runs on every request but never refuses: it is measured, not tested.
        for (String scope : List.of("VALIDATION_WRITE", "VALIDATION_READ", "IMPORTER_WRITE", "IMPORTER_READ")) {
            env.put("RATE_LIMIT_" + scope, "100000000/1m");
        }
        return env;
    }

    private RoleProcess started(String role, String heap, Map<String, String> env) throws IOException, InterruptedException {
        say("starting the %s role (-Xmx%s)", role, heap);
        RoleProcess process = RoleProcess.start(role, heap, env, output.resolve(role + "-" + runId + "-" + startToReady.size() + ".log"));
        startToReady.add(new StartToReady(role, heap, process.startToReadySeconds()));
        say("  %s ready %.2f s after launch (migrations already applied)", role, process.startToReadySeconds());
        return process;
    }

    private long count(String sql, String arg) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, arg);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private void noteOtherClients(String when) {
        notes.add("%s: %d Redis clients connected in all; %d PostgreSQL connections to this database not the bench's; load average %s"
                .formatted(when, probes.redisClients(), probes.otherPgConnections(APPLICATION_NAME), Probes.loadavg()));
    }

    private Machine machine() throws IOException, SQLException {
        String cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse("unknown");
        long ramKiB = Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal:"))
                .map(l -> Long.parseLong(l.replaceAll("\\D", ""))).findFirst().orElse(0L);
        String redis = Arrays.stream(servers.redis().info("server").split("\r?\n")).filter(l -> l.startsWith("redis_version:"))
                .map(l -> l.substring(l.indexOf(':') + 1)).findFirst().orElse("?");
        String postgres;
        try (Connection c = dataSource.getConnection(); ResultSet rs = c.createStatement().executeQuery("SHOW server_version")) {
            rs.next();
            postgres = "PostgreSQL " + rs.getString(1);
        }
        return new Machine(Runtime.getRuntime().availableProcessors(), cpu, ramKiB / 1024,
                System.getProperty("os.name") + " " + System.getProperty("os.version"),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.version"), redis, postgres);
    }

    /** A line of progress with the time and the load average (the machine is shared: it shows in every figure). */
    public static void say(String format, Object... args) {
        System.out.printf("[%s] %s   (load %s)%n", TIME.format(LocalTime.now()), format.formatted(args),
                Probes.loadavg());
        System.out.flush();
    }
}
