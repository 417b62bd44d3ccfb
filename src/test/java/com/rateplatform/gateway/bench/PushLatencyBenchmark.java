package com.rateplatform.gateway.bench;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.JsonNode;

import com.rateplatform.gateway.support.PushClient;
import com.rateplatform.gateway.support.RunningGateway;
import com.rateplatform.gateway.support.TestServers;
import com.rateplatform.gateway.support.TestTokens;

/**
 * Latency of real-time validation over WebSocket: request sent → result received, for {@code requests} requests of
 * one phone number each, sent at a steady rate over one socket to a gateway and worker started in this JVM (real
 * Redis and PostgreSQL: REDIS_URL / DB_URL, embedded ones otherwise). Same-run baselines on the same socket: ping →
 * pong (socket and event loop alone) and, within the run, request → ack (the intake: PostgreSQL row, XADD, entry id).
 * Run: {@code benchmarks/run.sh PushLatencyBenchmark [requests] [requestsPerSecond] [steps]}; with {@code steps} it also
 * prints where the intake's time goes, step by step (Camel message history, which costs a little itself).
 */
public final class PushLatencyBenchmark {

    private static final String REQUEST = "{\"type\": \"validate\", \"ref\": \"%s\", \"request_id\": \"%s\", \"data\": {\"items\": [{\"phone\": \"09%08d\"}]}}";

    private static final int WARM_UP = 1_500;

    private final Map<String, Long> sent = new ConcurrentHashMap<>();
    private final Map<String, Long> acked = new ConcurrentHashMap<>();
    private final Map<String, Long> resulted = new ConcurrentHashMap<>();
    private final Map<String, Long> validatedAt = new ConcurrentHashMap<>();
    private final Map<String, Long> receivedAt = new ConcurrentHashMap<>();
    private final Map<String, Long> publishedAt = new ConcurrentHashMap<>();
    private final Map<String, String> refused = new ConcurrentHashMap<>();
    private final Map<String, Long> pinged = new ConcurrentHashMap<>();
    private final Map<String, Long> ponged = new ConcurrentHashMap<>();
    private final String run = Long.toString(System.currentTimeMillis(), 36);
    private PushClient client;

    private PushLatencyBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int requests = args.length > 0 ? Integer.parseInt(args[0]) : 1_000;
        int rate = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        boolean steps = args.length > 2 && args[2].equals("steps");
        new PushLatencyBenchmark().run(requests, rate, steps);
        System.exit(0);
    }

    private void run(int requests, int rate, boolean steps) throws Exception {
        // Over a thousand requests a minute from one caller: lift the per-caller limits, which are not under test here.
        try (RunningGateway gateway = RunningGateway.start(TestServers.uniquePrefix("push-bench"), Map.of(
                "rate.security.rate-limit.validation-write", "1000000/1m",
                "rate.security.rate-limit.validation-read", "1000000/1m",
                "camel.main.message-history", Boolean.toString(steps)))) {
            StepTimes intakeSteps = StepTimes.of(gateway.context(), "validate");
            client = PushClient.connect(gateway.url("/api/validation/ws"), Map.of("Authorization", "Bearer " + TestTokens.of("bench")),
                    List.of(), this::received);
            client.awaitType("ready");

            // Warm-up, not counted: on 2 cores the JIT compilers compete with the run for a good while (C2 took a third
            // of the machine for ~15 s after a 300-request warm-up), so let them finish first.
            atSteadyRate(WARM_UP, rate, i -> validate("warm-" + i, i));
            atSteadyRate(WARM_UP / 4, rate, i -> ping("warm-" + i));
            awaitAll(resulted, "warm-", WARM_UP);

            atSteadyRate(requests, rate, i -> ping("p" + i));
            awaitAll(ponged, "p", requests);
            long[] cpuBefore = cpuTicks();
            long[] gcBefore = gc();
            intakeSteps.record(steps);
            atSteadyRate(requests, rate, i -> validate("m" + i, i));
            awaitAll(resulted, "m", requests);
            intakeSteps.record(false);
            long[] cpuAfter = cpuTicks();
            long[] gcAfter = gc();

            System.out.printf("PushLatencyBenchmark: %,d requests (one phone number each) over one WebSocket at %d/s;"
                              + " gateway and worker in this JVM, %d cores%n", requests, rate, Runtime.getRuntime().availableProcessors());
            print("baseline: ping -> pong (same socket)", latencies(pinged, ponged, "p"));
            print("request -> ack (intake)", latencies(sent, acked, "m"));
            double[] endToEnd = latencies(sent, resulted, "m");
            print("request -> result (end to end)", endToEnd);
            print("  of which: validated -> result received", latencies(validatedAt, receivedAt, "m", 1e3));
            print("  of which: published -> received (1 ms grain)", latencies(publishedAt, receivedAt, "m", 1e3));
            print("baseline: one-row INSERT commit", commits(gateway, requests, rate));
            if (steps) {
                System.out.println("  intake (route validate) step by step, slowest p99 first (1 ms grain; a step that calls a route includes it):");
                intakeSteps.print(14);
            }
            System.out.printf("  refused: %d of the warm-up (a cold JVM is slow at first), %d of the measured requests %s%n",
                    refused.keySet().stream().filter(k -> k.startsWith("warm-")).count(),
                    refused.keySet().stream().filter(k -> k.startsWith("m")).count(), new java.util.TreeSet<>(refused.values()));
            System.out.println("  machine during the measured phase: " + cpuShare(cpuBefore, cpuAfter)
                               + " (other load here shows in every figure above)");
            System.out.printf("  garbage collections during the measured phase (this JVM: Maven, gateway, worker, client): %d, %d ms"
                              + " in all; heap max %d MB%n", gcAfter[0] - gcBefore[0], gcAfter[1] - gcBefore[1],
                    Runtime.getRuntime().maxMemory() >> 20);
            System.out.printf("  target p99 < 50 ms: %s; plan's bound p95 < 200 ms: %s%n",
                    percentile(endToEnd, 99) < 50 ? "met" : "MISSED", percentile(endToEnd, 95) < 200 ? "met" : "MISSED");
            client.close();
        }
    }

    private void validate(String key, int i) {
        String requestId = "bench-" + run + "-" + key;
        sent.put(key, System.nanoTime());
        client.send(REQUEST.formatted(key, requestId, 12_000_000 + i));
    }

    private void ping(String key) {
        pinged.put(key, System.nanoTime());
        client.send("{\"type\": \"ping\", \"ref\": \"" + key + "\"}");
    }

    private void received(JsonNode message) {
        long now = System.nanoTime();
        switch (message.path("type").asText()) {
            case "ack" -> acked.put(keyOf(message.get("request_id").asText()), now);
            case "result" -> {
                String key = keyOf(message.get("request_id").asText());
                resulted.put(key, now);
                // The worker stamps the response when validation is done; same machine, same clock.
                receivedAt.put(key, micros(Instant.now()));
                validatedAt.put(key, micros(Instant.parse(message.at("/response/timestamp").asText())));
                // The event id is the stream entry id: Redis's clock, in ms, when the worker published the response.
                String eventId = message.get("event_id").asText();
                publishedAt.put(key, Long.parseLong(eventId.substring(0, eventId.indexOf('-'))) * 1_000);
            }
            case "pong" -> ponged.put(message.get("ref").asText(), now);
            case "error" -> refused.put(message.path("ref").asText(), message.path("code").asText());
            default -> {
                // ready, ping: not measured
            }
        }
    }

    private String keyOf(String requestId) {
        return requestId.substring(("bench-" + run + "-").length());
    }

    private static void atSteadyRate(int count, int perSecond, IntConsumer task) throws InterruptedException {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        CountDownLatch done = new CountDownLatch(count);
        int[] next = { 0 };
        scheduler.scheduleAtFixedRate(() -> {
            if (next[0] < count) {
                task.accept(next[0]++);
                done.countDown();
            }
        }, 0, 1_000_000_000L / perSecond, TimeUnit.NANOSECONDS);
        done.await();
        scheduler.shutdownNow();
    }

    /** Waits until every request of the phase has its answer, but for those the gateway refused (counted apart). */
    private void awaitAll(Map<String, Long> arrivals, String prefix, int count) {
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(
                () -> arrivals.keySet().stream().filter(k -> k.startsWith(prefix)).count()
                      + refused.keySet().stream().filter(k -> k.startsWith(prefix)).count() >= count);
    }

    /** Same PostgreSQL, same rate: what one durable commit costs here, the unit the request path pays several of. */
    private static double[] commits(RunningGateway gateway, int count, int rate) throws Exception {
        DataSource dataSource = gateway.context().getRegistry().lookupByNameAndType("dataSource", DataSource.class);
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            // A regular table (the test schema is dropped at exit): a temporary one writes no WAL and never waits for a flush.
            s.execute("CREATE TABLE IF NOT EXISTS bench_commit (id bigserial PRIMARY KEY, v text)");
        }
        Map<String, Long> started = new ConcurrentHashMap<>();
        Map<String, Long> committed = new ConcurrentHashMap<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement insert = c.prepareStatement("INSERT INTO bench_commit (v) VALUES (?)")) {
            atSteadyRate(count, rate, i -> {
                started.put("c" + i, System.nanoTime());
                try {
                    insert.setString(1, "x");
                    insert.executeUpdate();
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
                committed.put("c" + i, System.nanoTime());
            });
        }
        return latencies(started, committed, "c");
    }

    /** Collections so far and their accumulated time (ms), over every collector of this JVM. */
    private static long[] gc() {
        long[] totals = new long[2];
        for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            totals[0] += Math.max(0, collector.getCollectionCount());
            totals[1] += Math.max(0, collector.getCollectionTime());
        }
        return totals;
    }

    /** /proc/stat's first line: user, nice, system, idle, iowait, irq, softirq, steal (Linux); empty elsewhere. */
    private static long[] cpuTicks() {
        try {
            String[] fields = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long[] ticks = new long[8];
            for (int i = 0; i < ticks.length; i++) {
                ticks[i] = Long.parseLong(fields[i + 1]);
            }
            return ticks;
        } catch (IOException | RuntimeException e) {
            return new long[0];
        }
    }

    private static String cpuShare(long[] before, long[] after) {
        if (before.length == 0 || after.length == 0) {
            return "CPU figures unavailable";
        }
        long total = 0;
        long[] delta = new long[before.length];
        for (int i = 0; i < before.length; i++) {
            delta[i] = after[i] - before[i];
            total += delta[i];
        }
        return String.format("CPU of %d cores: user %.0f%%, system %.0f%%, iowait %.0f%%, steal %.0f%%",
                Runtime.getRuntime().availableProcessors(), 100.0 * (delta[0] + delta[1]) / total,
                100.0 * (delta[2] + delta[5] + delta[6]) / total, 100.0 * delta[4] / total, 100.0 * delta[7] / total);
    }

    private static long micros(Instant instant) {
        return instant.getEpochSecond() * 1_000_000 + instant.getNano() / 1_000;
    }

    private static double[] latencies(Map<String, Long> from, Map<String, Long> to, String prefix) {
        return latencies(from, to, prefix, 1e6);
    }

    private static double[] latencies(Map<String, Long> from, Map<String, Long> to, String prefix, double perMilli) {
        List<Double> millis = new ArrayList<>();
        from.forEach((key, start) -> {
            Long end = to.get(key);
            if (key.startsWith(prefix) && end != null) {
                millis.add((end - start) / perMilli);
            }
        });
        double[] sorted = millis.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(sorted);
        return sorted;
    }

    private static double percentile(double[] sorted, int p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }

    private static void print(String what, double[] sorted) {
        System.out.printf("  %-38s n=%,d  p50 %6.2f ms  p95 %6.2f ms  p99 %6.2f ms  max %7.2f ms%n", what, sorted.length,
                percentile(sorted, 50), percentile(sorted, 95), percentile(sorted, 99), sorted[sorted.length - 1]);
    }
}
