package com.rateplatform.gateway.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.sync.RedisAdvancedClusterCommands;

import com.rateplatform.gateway.bench.harness.Harness;
import com.rateplatform.gateway.bench.harness.Probes;
import com.rateplatform.gateway.bench.harness.RoleProcess;
import com.rateplatform.gateway.message.Json;
import com.rateplatform.gateway.security.Scopes;
import com.rateplatform.gateway.stream.StreamGroup;
import com.rateplatform.gateway.stream.StreamId;
import com.rateplatform.gateway.support.FreshSchema;
import com.rateplatform.gateway.support.LocalRedisCluster;
import com.rateplatform.gateway.support.RunningGateway;

/**
 * How the validator workers' drain of a backlog scales with 1, 2 and 4 worker processes, reported per CPU-second
 * (docs/Capacity-Planning.md): {@code benchmarks/run.sh WorkerScalingBenchmark [requests] [warm-up requests per worker]}.
 *
 * <p>On the 3-master Redis Cluster the tests start ({@link LocalRedisCluster}) and a fresh schema ({@link FreshSchema}):
 * one gateway-role process accepts {@code 7 × warm-up + 3 × requests} {@code POST /validate} requests (the harness's
 * 237-byte, 3-item body; its own CPU per request is reported as the intake's cost) and is stopped; the benchmark keeps
 * the stream entries it wrote. Then, for N = 1, 2, 4, N worker-role JVMs ({@code -Xmx512m}, each its own consumer
 * name) start on a key prefix of their own, drain N × the warm-up requests (JIT warm-up, the same amount for each
 * worker; not measured), and then the measured requests, written to their stream at once: the drain lasts until the
 * group has been handed the last entry and has nothing pending. Last, a fresh gateway records the 1-worker drain's
 * responses the same way (warm-up, then measured): the gateway's other cost per request.
 *
 * <p>Over each: the CPU of the role processes ({@code /proc/<pid>/stat}), of the cluster's redis-server processes, of
 * every postgres process (the machine's server: others' work too) and the machine's busy CPU ({@code /proc/stat});
 * the cluster's Redis commands (ours alone), PostgreSQL commits and WAL bytes (database- and server-wide). Entries are
 * sealed with the request id, not the stream key, so they open under any prefix.
 */
public final class WorkerScalingBenchmark {

    private static final int[] WORKER_COUNTS = { 1, 2, 4 };
    private static final int ITEMS_PER_REQUEST = 3;
    private static final String HEAP = "512m";
    private static final String STREAM = "validation_requests";
    private static final String RESPONSES = "extension_responses";
    /** rate.worker.group. */
    private static final String WORKER_GROUP = "validators";
    /** rate.recorder.group. */
    private static final String RECORDER_GROUP = "status-recorders";
    private static final int IN_FLIGHT = 32;
    /** PostgreSQL reports an idle backend's last second of statistics up to 10 s late. */
    private static final Duration SETTLE = Duration.ofSeconds(11);
    private static final Duration DRAIN_TIMEOUT = Duration.ofMinutes(20);
    private static final Path OUTPUT = Path.of("target", "benchmarks");

    /** Counters at one moment: CPU-µs by process group, machine ticks, cluster Redis calls, PostgreSQL commits and WAL. */
    private record Counters(long nanos, Map<String, Long> cpuMicros, long[] machineTicks, long redisCalls, long pgCommits,
                            String walLsn, String loadavg) {
    }

    /** What one phase cost: seconds, CPU-seconds by process group, machine busy CPU-seconds, per-request counts. */
    record Costs(long requests, double seconds, Map<String, Double> cpuSeconds, double machineBusyCpuSeconds,
                 double redisCommandsPerRequest, double pgCommitsPerRequest, double walBytesPerRequest, String loadBefore,
                 String loadAfter) {
    }

    /** One drain with {@code workers} processes. */
    record Drain(int workers, double requestsPerSecond, double itemsPerSecond, double perWorkerCpuSecond,
                 double perTotalCpuSecond, double perMachineCpuSecond, double warmUpSeconds, List<Double> startToReady,
                 int streamMasterPort, Costs costs) {
    }

    record Results(String started, String finished, int nproc, String cpu, int requests, int warmUp, Costs intake,
                   List<Drain> drains, Costs recording) {
    }

    private final int requests;
    /** Warm-up requests per worker process. */
    private final int warmUp;
    private final String runId = Long.toString(System.currentTimeMillis(), 36);
    private final List<RoleProcess> running = new ArrayList<>();
    private LocalRedisCluster cluster;
    private RedisAdvancedClusterCommands<String, String> redis;
    private StatefulRedisClusterConnection<String, String> connection;
    private final List<AbstractRedisClient> redisClients = new ArrayList<>();
    private final Map<Integer, StatefulRedisConnection<String, String>> nodes = new LinkedHashMap<>();
    private final Map<Integer, Long> nodePids = new LinkedHashMap<>();
    private Connection pg;

    private WorkerScalingBenchmark(int requests, int warmUp) {
        this.requests = requests;
        this.warmUp = warmUp;
    }

    public static void main(String[] args) {
        int requests = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int warmUp = args.length > 1 ? Integer.parseInt(args[1]) : requests / 5;
        int exit = 0;
        try {
            new WorkerScalingBenchmark(requests, warmUp).run();
        } catch (Exception e) {
            e.printStackTrace();
            exit = 1;
        }
        System.exit(exit);
    }

    private void run() throws Exception {
        if (!LocalRedisCluster.available()) {
            throw new IllegalStateException("needs redis-server and redis-cli on the PATH");
        }
        Instant started = Instant.now();
        String cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse("unknown");
        int nproc = Runtime.getRuntime().availableProcessors();
        Harness.say("machine: nproc %d, %s; %,d measured requests per worker count, after %,d warm-up requests per worker",
                nproc, cpu, requests, warmUp);
        try (FreshSchema schema = new FreshSchema()) {
            try {
                measure(schema, started, nproc, cpu);
            } finally {
                // Before the schema goes: nothing of ours may still be writing into it.
                stopAll();
                if (pg != null) {
                    pg.close();
                }
            }
        } finally {
            redisClients.forEach(AbstractRedisClient::shutdown);
            if (cluster != null) {
                cluster.close();
            }
        }
    }

    private void measure(FreshSchema schema, Instant started, int nproc, String cpu) throws Exception {
        cluster = LocalRedisCluster.start(3);
        RedisClusterClient client = RedisClusterClient.create(cluster.seedUrl());
        redisClients.add(client);
        connection = client.connect();
        redis = connection.sync();
        for (int port : cluster.ports()) {
            RedisClient nodeClient = RedisClient.create("redis://127.0.0.1:" + port);
            redisClients.add(nodeClient);
            StatefulRedisConnection<String, String> node = nodeClient.connect();
            nodes.put(port, node);
            nodePids.put(port, Long.parseLong(info(node, "server").get("process_id")));
        }
        pg = schema.dataSource().getConnection();
        Map<String, String> env = environment(schema.name());

        String fillKey = "bench:scaling:" + runId + ":fill:" + STREAM;
        Costs intake = fill(env, fillKey, IntStream.of(WORKER_COUNTS).map(n -> n * warmUp + requests).sum());
        List<Map<String, String>> entries = entries(fillKey);
        Harness.say("kept %,d stream entries of the gateway", entries.size());
        redis.del(fillKey);

        List<Drain> drains = new ArrayList<>();
        int from = 0;
        for (int workers : WORKER_COUNTS) {
            int to = from + workers * warmUp + requests;
            drains.add(drain(workers, env, entries.subList(from, to)));
            from = to;
        }
        Costs recording = recording(env, entries(responsesOf(WORKER_COUNTS[0])));
        Results results = new Results(started.toString(), Instant.now().toString(), nproc, cpu, requests, warmUp, intake, drains,
                recording);
        print(results);
        Files.createDirectories(OUTPUT);
        Path json = OUTPUT.resolve("worker-scaling-" + runId + ".json");
        Files.writeString(json, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(results));
        Harness.say("figures written to %s", json);
    }

    /** The environment of every role process: the cluster, the fresh schema, limits and back-pressure that never refuse. */
    private Map<String, String> environment(String schema) {
        Map<String, String> env = new HashMap<>();
        env.put("REDIS_URL", cluster.seedUrl());
        env.put("REDIS_CLUSTER", "true");
        env.put("DB_SCHEMA", schema);
        env.put("DB_MIGRATE", "false");
        env.put("JWT_SECRET", RunningGateway.JWT_SECRET);
        env.put("RATE_LIMIT_VALIDATION_WRITE", "100000000/1m");
        env.put("BACKPRESSURE_MAX_LAG", "100000000");
        // The backlog waits for workers that do not exist yet: nothing may trim it or publish it again.
        env.put("STREAM_MAX_LEN", "100000000");
        env.put("RECONCILER_ENABLED", "false");
        return env;
    }

    /** One gateway accepts {@code total} requests into {@code key}, IN_FLIGHT at a time; its cost per request. */
    private Costs fill(Map<String, String> env, String key, int total) throws Exception {
        Map<String, String> gatewayEnv = new HashMap<>(env);
        gatewayEnv.put("STREAM_PREFIX", key.substring(0, key.length() - STREAM.length()));
        gatewayEnv.put("CONSUMER_NAME", "bench-scaling-gateway");
        RoleProcess gateway = started("gateway", gatewayEnv);
        String jwt = "Bearer " + RunningGateway.token("bench-scaling", List.of(Scopes.VALIDATION_WRITE));
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        Semaphore slots = new Semaphore(IN_FLIGHT);
        AtomicLong refused = new AtomicLong();
        Harness.say("gateway: %,d requests into %s, %d in flight", total, key, IN_FLIGHT);
        Map<String, Long> pids = Map.of("gateway", gateway.pid());
        Counters before = counters(pids);
        for (int n = 0; n < total; n++) {
            slots.acquire();
            http.sendAsync(HttpRequest.newBuilder(URI.create(gateway.url("/api/validation/validate")))
                            .header("Authorization", jwt).header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(Harness.VALIDATE_BODY.formatted("ws-" + runId + "-" + n))).build(),
                    HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
                        if (error != null || response.statusCode() != 202) {
                            refused.incrementAndGet();
                        }
                        slots.release();
                    });
        }
        slots.acquire(IN_FLIGHT);
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (redis.xlen(key) < total - refused.get() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        Counters after = settled(pids);
        if (refused.get() > 0) {
            throw new IllegalStateException(refused.get() + " requests were not accepted (202); see the gateway's log");
        }
        Costs costs = between(before, after, total);
        Harness.say("  %,.0f req/s accepted; gateway %,.0f CPU-µs per request", total / costs.seconds(),
                costs.cpuSeconds().get("gateway") * 1e6 / total);
        stop(List.of(gateway));
        return costs;
    }

    /** The bodies of every entry of {@code key}, oldest first. */
    private List<Map<String, String>> entries(String key) {
        List<Map<String, String>> entries = new ArrayList<>();
        Range.Boundary<String> from = Range.Boundary.unbounded();
        List<StreamMessage<String, String>> page;
        do {
            page = redis.xrange(key, Range.from(from, Range.Boundary.unbounded()), Limit.from(1_000));
            page.forEach(message -> entries.add(message.getBody()));
            if (!page.isEmpty()) {
                from = Range.Boundary.excluding(page.get(page.size() - 1).getId());
            }
        } while (!page.isEmpty());
        return entries;
    }

    private String drainPrefix(int workers) {
        return "bench:scaling:" + runId + ":n" + workers + ":";
    }

    /** The stream the workers of the {@code workers} drain published their responses to. */
    private String responsesOf(int workers) {
        return drainPrefix(workers) + RESPONSES;
    }

    private Drain drain(int workers, Map<String, String> env, List<Map<String, String>> share) throws Exception {
        String prefix = drainPrefix(workers);
        String key = prefix + STREAM;
        int master = cluster.masterOf(key);
        Harness.say("%d worker(s): starting (-Xmx%s), stream %s on master %d", workers, HEAP, key, master);
        List<CompletableFuture<RoleProcess>> starting = IntStream.range(0, workers).mapToObj(i -> {
            Map<String, String> workerEnv = new HashMap<>(env);
            workerEnv.put("STREAM_PREFIX", prefix);
            workerEnv.put("CONSUMER_NAME", "bench-worker-" + (i + 1));
            return CompletableFuture.supplyAsync(() -> {
                try {
                    return started("worker", workerEnv);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
        }).toList();
        List<RoleProcess> started = starting.stream().map(CompletableFuture::join).toList();
        Map<String, Long> pids = new LinkedHashMap<>();
        started.forEach(w -> pids.put("worker-" + w.pid(), w.pid()));

        int warmUpRequests = share.size() - requests;
        double warmSeconds = warmUp(key, WORKER_GROUP, share.subList(0, warmUpRequests));
        Costs costs = measured(key, WORKER_GROUP, share.subList(warmUpRequests, share.size()), pids);
        stop(started);

        double workerCpu = costs.cpuSeconds().get("workers");
        double totalCpu = workerCpu + costs.cpuSeconds().get("redis-server") + costs.cpuSeconds().get("postgres");
        Drain drain = new Drain(workers, requests / costs.seconds(), requests * ITEMS_PER_REQUEST / costs.seconds(),
                requests / workerCpu, requests / totalCpu, requests / costs.machineBusyCpuSeconds(), warmSeconds,
                started.stream().map(RoleProcess::startToReadySeconds).toList(), master, costs);
        Harness.say("  drained %,d requests in %.1f s: %,.0f req/s, %,.0f req per worker-CPU-second, %,.0f per total-CPU-second",
                requests, costs.seconds(), drain.requestsPerSecond(), drain.perWorkerCpuSecond(), drain.perTotalCpuSecond());
        return drain;
    }

    /**
     * The gateway's other half of a request: recording the responses of the 1-worker drain (1 × warm-up, then the
     * measured ones), written to the stream of a fresh gateway at once: until its group has acknowledged them all.
     */
    private Costs recording(Map<String, String> env, List<Map<String, String>> responses) throws Exception {
        Map<String, String> gatewayEnv = new HashMap<>(env);
        String prefix = "bench:scaling:" + runId + ":rec:";
        gatewayEnv.put("STREAM_PREFIX", prefix);
        gatewayEnv.put("CONSUMER_NAME", "bench-scaling-recorder");
        RoleProcess gateway = started("gateway", gatewayEnv);
        String key = prefix + RESPONSES;
        Harness.say("recording: %,d responses through %s", responses.size(), key);
        int warmUpResponses = responses.size() - requests;
        warmUp(key, RECORDER_GROUP, responses.subList(0, warmUpResponses));
        Costs costs = measured(key, RECORDER_GROUP, responses.subList(warmUpResponses, responses.size()),
                Map.of("gateway", gateway.pid()));
        stop(List.of(gateway));
        Harness.say("  %,.0f responses/s recorded; gateway %,.0f CPU-µs per response", requests / costs.seconds(),
                costs.cpuSeconds().get("gateway") * 1e6 / requests);
        return costs;
    }

    /** Writes the warm-up entries to {@code key}, waits until {@code group} has handled them, then settles; its seconds. */
    private double warmUp(String key, String group, List<Map<String, String>> entries) throws Exception {
        long start = System.nanoTime();
        awaitDrained(key, group, add(key, entries));
        double seconds = (System.nanoTime() - start) / 1e9;
        Harness.say("  warm-up: %,d entries in %.1f s; settling %d s", entries.size(), seconds, SETTLE.toSeconds());
        Thread.sleep(SETTLE.toMillis());
        return seconds;
    }

    /** Writes the measured entries to {@code key} at once; what it cost until {@code group} had handled them all. */
    private Costs measured(String key, String group, List<Map<String, String>> entries, Map<String, Long> pids) throws Exception {
        Counters before = counters(pids);
        awaitDrained(key, group, add(key, entries));
        return between(before, settled(pids), entries.size());
    }

    /** XADDs the bodies to {@code key} (pipelined); the id of the last one. */
    private StreamId add(String key, List<Map<String, String>> bodies) throws Exception {
        List<RedisFuture<String>> ids = new ArrayList<>(bodies.size());
        for (Map<String, String> body : bodies) {
            ids.add(connection.async().xadd(key, body));
        }
        StreamId last = StreamId.of(0, 0);
        for (RedisFuture<String> id : ids) {
            last = StreamId.max(last, StreamId.parse(id.get(1, TimeUnit.MINUTES)));
        }
        return last;
    }

    /** Until the group has been handed {@code last} and has nothing pending (every entry validated and acknowledged). */
    private void awaitDrained(String key, String groupName, StreamId last) throws InterruptedException {
        long deadline = System.nanoTime() + DRAIN_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            StreamGroup group = StreamGroup.named(redis, key, groupName).orElse(null);
            if (group != null && group.pending() == 0 && group.lastDelivered().compareTo(last) >= 0) {
                return;
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException(groupName + " did not drain " + key + " within " + DRAIN_TIMEOUT);
    }

    private RoleProcess started(String role, Map<String, String> env) throws Exception {
        RoleProcess process = RoleProcess.start(role, HEAP, env,
                OUTPUT.resolve("scaling-" + runId + "-" + env.get("CONSUMER_NAME") + "-" + System.nanoTime() + ".log"));
        synchronized (running) {
            running.add(process);
        }
        Harness.say("  %s %s ready after %.1f s", role, env.get("CONSUMER_NAME"), process.startToReadySeconds());
        return process;
    }

    /** SIGTERM to each (by its process), together: each stop takes seconds. */
    private void stop(List<RoleProcess> processes) {
        processes.parallelStream().forEach(process -> {
            try {
                process.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        synchronized (running) {
            running.removeAll(processes);
        }
    }

    private void stopAll() {
        List<RoleProcess> left;
        synchronized (running) {
            left = List.copyOf(running);
        }
        stop(left);
    }

    private Counters counters(Map<String, Long> pids) throws SQLException {
        Map<String, Long> cpu = new LinkedHashMap<>();
        pids.forEach((name, pid) -> cpu.put(name, Probes.cpuMicros(pid)));
        nodePids.forEach((port, pid) -> cpu.put("redis-" + port, Probes.cpuMicros(pid)));
        cpu.put("postgres", Probes.postgresCpuMicros());
        long calls = 0;
        for (StatefulRedisConnection<String, String> node : nodes.values()) {
            calls += info(node, "commandstats").entrySet().stream()
                    .filter(e -> !e.getKey().startsWith("cmdstat_info") && !e.getKey().startsWith("cmdstat_cluster"))
                    .mapToLong(e -> Long.parseLong(e.getValue().substring("calls=".length(), e.getValue().indexOf(','))))
                    .sum();
        }
        try (Statement s = pg.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT xact_commit, pg_current_wal_lsn()::text FROM pg_stat_database WHERE datname = current_database()")) {
            rs.next();
            return new Counters(System.nanoTime(), cpu, Probes.machineTicks(), calls, rs.getLong(1), rs.getString(2),
                    Probes.loadavg());
        }
    }

    /** {@link #counters} now, but PostgreSQL's commits read {@link #SETTLE} later (idle backends report late). */
    private Counters settled(Map<String, Long> pids) throws Exception {
        Counters now = counters(pids);
        Thread.sleep(SETTLE.toMillis());
        Counters later = counters(pids);
        return new Counters(now.nanos(), now.cpuMicros(), now.machineTicks(), now.redisCalls(), later.pgCommits(), now.walLsn(),
                now.loadavg());
    }

    private Costs between(Counters before, Counters after, long units) throws SQLException {
        Map<String, Double> cpu = new LinkedHashMap<>();
        after.cpuMicros().forEach((name, micros) -> {
            double seconds = (micros - before.cpuMicros().get(name)) / 1e6;
            cpu.put(name, seconds);
            String group = name.startsWith("worker-") ? "workers" : name.startsWith("redis-") ? "redis-server" : null;
            if (group != null) {
                cpu.merge(group, seconds, Double::sum);
            }
        });
        long ticks = after.machineTicks()[1] - before.machineTicks()[1];
        double seconds = (after.nanos() - before.nanos()) / 1e9;
        // /proc/stat counts every core: busy share of all ticks x cores x wall time = busy CPU-seconds.
        double busy = ticks == 0 ? 0 : (double) (after.machineTicks()[0] - before.machineTicks()[0]) / ticks
                * Runtime.getRuntime().availableProcessors() * seconds;
        long wal;
        try (PreparedStatement ps = pg.prepareStatement("SELECT pg_wal_lsn_diff(?::pg_lsn, ?::pg_lsn)::bigint")) {
            ps.setString(1, after.walLsn());
            ps.setString(2, before.walLsn());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                wal = rs.getLong(1);
            }
        }
        return new Costs(units, seconds, cpu, busy, (double) (after.redisCalls() - before.redisCalls()) / units,
                (double) (after.pgCommits() - before.pgCommits()) / units, (double) wal / units, before.loadavg(), after.loadavg());
    }

    private static Map<String, String> info(StatefulRedisConnection<String, String> node, String section) {
        Map<String, String> values = new HashMap<>();
        for (String line : node.sync().info(section).split("\r?\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && !line.startsWith("#")) {
                values.put(line.substring(0, colon), line.substring(colon + 1).trim());
            }
        }
        return values;
    }

    private static void print(Results r) {
        System.out.printf("%nWorker scaling on a 3-master local Redis Cluster, %s: nproc %d, %s; %,d requests (%,d items) per"
                          + " drain after %,d warm-up requests per worker%n", r.started(), r.nproc(), r.cpu(), r.requests(),
                r.requests() * ITEMS_PER_REQUEST, r.warmUp());
        Costs in = r.intake();
        System.out.printf("Intake (1 gateway, %d in flight, cold JIT included): %,.0f req/s; CPU-µs per request: gateway %,.0f,"
                          + " redis %,.0f, postgres %,.0f; %.2f Redis commands, %.3f PG commits, %,.0f WAL bytes per request;"
                          + " load %s -> %s%n", IN_FLIGHT, in.requests() / in.seconds(), micros(in, "gateway"),
                micros(in, "redis-server"), micros(in, "postgres"), in.redisCommandsPerRequest(), in.pgCommitsPerRequest(),
                in.walBytesPerRequest(), in.loadBefore(), in.loadAfter());
        Costs rec = r.recording();
        System.out.printf("Recording (1 gateway, the responses of the 1-worker drain): %,.0f responses/s; CPU-µs per response: gateway"
                          + " %,.0f, redis %,.0f, postgres %,.0f; %.2f Redis commands, %.3f PG commits, %,.0f WAL bytes per response;"
                          + " load %s -> %s%n%n", rec.requests() / rec.seconds(), micros(rec, "gateway"), micros(rec, "redis-server"),
                micros(rec, "postgres"), rec.redisCommandsPerRequest(), rec.pgCommitsPerRequest(), rec.walBytesPerRequest(),
                rec.loadBefore(), rec.loadAfter());
        System.out.println("| workers | wall s | req/s | items/s | req per worker-CPU-s | req per total-CPU-s | req per machine-busy-CPU-s"
                           + " | CPU-s workers / redis / postgres / machine | CPU-µs per req workers / redis / postgres"
                           + " | Redis cmds per req | PG commits per req | WAL bytes per req | load before -> after |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        for (Drain d : r.drains()) {
            Costs c = d.costs();
            System.out.printf("| %d | %.1f | %,.0f | %,.0f | %,.0f | %,.0f | %,.0f | %.1f / %.1f / %.1f / %.1f | %,.0f / %,.0f / %,.0f"
                              + " | %.2f | %.3f | %,.0f | %s -> %s |%n", d.workers(), c.seconds(), d.requestsPerSecond(),
                    d.itemsPerSecond(), d.perWorkerCpuSecond(), d.perTotalCpuSecond(), d.perMachineCpuSecond(),
                    c.cpuSeconds().get("workers"), c.cpuSeconds().get("redis-server"), c.cpuSeconds().get("postgres"),
                    c.machineBusyCpuSeconds(), micros(c, "workers"), micros(c, "redis-server"), micros(c, "postgres"),
                    c.redisCommandsPerRequest(), c.pgCommitsPerRequest(), c.walBytesPerRequest(), c.loadBefore(), c.loadAfter());
        }
        System.out.println();
    }

    private static double micros(Costs costs, String process) {
        return costs.cpuSeconds().getOrDefault(process, 0.0) * 1e6 / costs.requests();
    }
}
