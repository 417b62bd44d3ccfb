package com.rateplatform.gateway.bench.harness;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;

/**
 * The harness's output: a summary of every headline figure beside its same-run ceiling (as a ratio) and the issue's
 * target (met / missed: printed, never asserted), then the details of each part, as Markdown tables (they paste into
 * docs/Performance.md); and the same figures as JSON, one file per run plus {@code latest.json}.
 */
final class Report {

    /** One line of the summary. {@code ratio} is value / ceiling; {@code verdict} is met, missed, or empty (no target). */
    record Figure(String figure, Double value, String unit, String ceilingName, Double ceiling, Double ratio, String target,
                  String verdict) {
    }

    private static final ObjectMapper JSON = JsonMapper.builder()
            .addModule(new SimpleModule().addSerializer(Duration.class, ToStringSerializer.instance)
                    .addSerializer(Instant.class, ToStringSerializer.instance))
            .enable(SerializationFeature.INDENT_OUTPUT).build();

    private final Harness.Results results;
    private final List<Figure> summary;

    Report(Harness.Results results) {
        this.results = results;
        this.summary = summary();
    }

    // ---- the summary: figure, ceiling, ratio, target ----

    private List<Figure> summary() {
        List<Figure> figures = new ArrayList<>();
        Ceilings.Measured bare = results.http() == null ? null : results.http().saturation();
        for (String credential : List.of("token", "jwt")) {
            Harness.Phase phase = phase("validate-saturated-" + credential);
            if (phase != null) {
                double rate = phase.load().achievedRate();
                figures.add(throughput("POST /validate saturated (%s), req/s".formatted(label(credential)), rate, bare,
                        "≥ 3,000 req/s", rate >= 3_000));
            }
        }
        Harness.Phase saturated = phase("validate-saturated-token");
        if (saturated != null) {
            double p95 = saturated.load().latency().p95();
            figures.add(new Figure("POST /validate saturated (API token), p95", p95, "ms", "bare Vert.x p95",
                    bare == null ? null : bare.load().latency().p95(), ratio(p95, bare == null ? null : bare.load().latency().p95()),
                    "< 200 ms (plan)", verdict(p95 < 200)));
            double commits = saturated.costs().pgCommitsPerUnit();
            figures.add(new Figure("PostgreSQL commits per accepted request, saturated", commits, "commits", null, null, null,
                    "≤ 0.5", verdict(commits <= 0.5)));
        }
        for (Harness.Phase phase : results.phases()) {
            Double rate = phase.load().targetRate();
            if (rate == null || !phase.key().startsWith("validate-")) {
                continue;
            }
            Ceilings.Measured floor = results.http() == null ? null : results.http().atRate(rate);
            Double floorP99 = floor == null ? null : floor.load().latency().p99();
            double p99 = phase.load().latency().p99();
            boolean isTarget = rate == 1_000;
            figures.add(new Figure("POST /validate at %,.0f req/s, p99 (achieved %,.0f req/s, %,d errors)".formatted(rate,
                    phase.load().achievedRate(), phase.load().errorCount()), p99, "ms", "bare Vert.x p99 at that rate", floorP99,
                    ratio(p99, floorP99), isTarget ? "< 10 ms, no error" : "",
                    isTarget ? verdict(p99 < 10 && phase.load().errorCount() == 0) : ""));
        }
        for (String credential : List.of("token", "jwt")) {
            Harness.Phase phase = phase("status-unknown-saturated-" + credential);
            if (phase != null) {
                double rate = phase.load().achievedRate();
                Double ceiling = bare == null ? null : bare.load().achievedRate();
                figures.add(throughput("GET /status/{unknown} saturated (%s), req/s".formatted(label(credential)), rate, bare,
                        "≥ 10,000 req/s and ≥ 10% of bare Vert.x", rate >= 10_000 && ceiling != null && rate >= 0.1 * ceiling));
            }
        }
        Harness.Phase known = phase("status-known-saturated-token");
        if (known != null) {
            figures.add(throughput("GET /status/{known} saturated (API token), req/s", known.load().achievedRate(), bare, "", null));
        }
        Harness.Bulk bulk = results.bulk();
        if (bulk != null) {
            Ceilings.Throughput copy = ceiling("PostgreSQL COPY");
            Double copyRate = copy == null ? null : copy.perSecond();
            figures.add(new Figure("Bulk import end to end, %,d items, gateway -Xmx%s".formatted(bulk.items(), bulk.gatewayHeap()),
                    bulk.itemsPerSecond(), "items/s", "COPY rows/s", copyRate, ratio(bulk.itemsPerSecond(), copyRate),
                    "≥ 50,000 items/s and ≥ 50% of COPY",
                    verdict(bulk.itemsPerSecond() >= 50_000 && copyRate != null && bulk.itemsPerSecond() >= 0.5 * copyRate)));
        }
        Harness.Push push = results.push();
        if (push != null && push.endToEnd() != null) {
            Double pong = push.pingPong() == null ? null : push.pingPong().p99();
            figures.add(new Figure("WebSocket push, request → result, p99 (%d/s, %s refused)".formatted(push.rate(),
                    push.refused() == null ? "n/a" : "%,d".formatted(push.refused())), push.endToEnd().p99(), "ms",
                    "ping → pong p99, same socket", pong, ratio(push.endToEnd().p99(), pong), "< 50 ms",
                    verdict(push.endToEnd().p99() < 50)));
        }
        for (Harness.StartToReady start : results.startToReady()) {
            figures.add(new Figure("Start to ready, %s role (-Xmx%s)".formatted(start.role(), start.heap()), start.seconds(), "s",
                    null, null, null, "≤ 5 s", verdict(start.seconds() <= 5)));
        }
        return figures;
    }

    private static Figure throughput(String name, double rate, Ceilings.Measured bare, String target, Boolean met) {
        Double ceiling = bare == null ? null : bare.load().achievedRate();
        return new Figure(name, rate, "req/s", "bare Vert.x req/s", ceiling, ratio(rate, ceiling), target,
                met == null ? "" : verdict(met));
    }

    private static String label(String credential) {
        return credential.equals("jwt") ? "JWT" : "API token";
    }

    private static Double ratio(double value, Double ceiling) {
        return ceiling == null || ceiling == 0 ? null : value / ceiling;
    }

    private static String verdict(boolean met) {
        return met ? "met" : "MISSED";
    }

    private Harness.Phase phase(String key) {
        return results.phases().stream().filter(p -> p.key().equals(key)).findFirst().orElse(null);
    }

    private Ceilings.Throughput ceiling(String namePrefix) {
        return results.ceilings().stream().filter(c -> c.name().startsWith(namePrefix)).findFirst().orElse(null);
    }

    // ---- printing ----

    void print(PrintStream out) {
        Harness.Machine m = results.machine();
        out.println();
        out.printf("## Rate Gateway benchmark, %s mode, %s%n%n", results.settings().mode(), results.started());
        out.printf("Machine: %d cores (nproc), %s, %,d MiB RAM; %s; %s; Redis %s; %s.%n", m.cores(), m.cpuModel(), m.ramMiB(),
                m.os(), m.java(), m.redis(), m.postgresql());
        out.println("The load generator (one Vert.x event-loop thread in the harness JVM) shares those cores with the servers;"
                    + " its own CPU is in the costs table. Redis and PostgreSQL are the machine's, shared: their figures are"
                    + " exact only on a quiet machine (see the notes and the load averages).");
        out.println();
        out.println("### Summary: figure, same-run ceiling, target (printed, never asserted)");
        table(out, List.of("figure", "value", "ceiling", "ratio", "target", "verdict"), summary.stream().map(f -> List.of(f.figure(),
                number(f.value()) + " " + f.unit(), f.ceiling() == null ? "" : number(f.ceiling()) + " (" + f.ceilingName() + ")",
                ratioText(f), f.target(), f.verdict())).toList());
        printCeilings(out);
        printPhases(out);
        printBulkAndPush(out);
        if (!results.notes().isEmpty()) {
            out.println("### Notes");
            results.notes().forEach(n -> out.println("- " + n));
            out.println();
        }
    }

    private void printCeilings(PrintStream out) {
        List<List<String>> rows = new ArrayList<>();
        if (results.http() != null) {
            Ceilings.Measured sat = results.http().saturation();
            rows.add(List.of("bare Vert.x GET, %d connections".formatted(sat.load().connections()), number(sat.load().achievedRate())
                    + " req/s", latency(sat.load().latency()), cpu(sat.costs(), "bare-vertx") + " server, "
                    + cpu(sat.costs(), "generator") + " generator", sat.costs().loadavgStart() + " → " + sat.costs().loadavgEnd()));
            if (results.http().wrkRequestsPerSecond() != null) {
                rows.add(List.of("bare Vert.x GET, %d connections, driven by wrk -t1 (reference: a C client)".formatted(
                        sat.load().connections()), number(results.http().wrkRequestsPerSecond()) + " req/s", "", "", ""));
            }
            for (Ceilings.Measured at : results.http().atRates()) {
                rows.add(List.of("bare Vert.x GET at %s req/s".formatted(number(at.load().targetRate())),
                        number(at.load().achievedRate()) + " req/s", latency(at.load().latency()), cpu(at.costs(), "bare-vertx")
                        + " server, " + cpu(at.costs(), "generator") + " generator",
                        at.costs().loadavgStart() + " → " + at.costs().loadavgEnd()));
            }
        }
        for (Ceilings.Throughput c : results.ceilings()) {
            rows.add(List.of(c.name(), number(c.perSecond()) + " " + c.unit() + "/s", "%,d in %.1f s".formatted(c.units(), c.seconds()),
                    "", c.loadavgStart() + " → " + c.loadavgEnd()));
        }
        if (!rows.isEmpty()) {
            out.println("### Ceilings (same run, same servers)");
            table(out, List.of("ceiling", "figure", "latency p50 / p95 / p99 / p99.9 / max (ms)", "CPU-µs per request", "load average"), rows);
        }
    }

    private void printPhases(PrintStream out) {
        if (results.phases().isEmpty()) {
            return;
        }
        out.println("### Gateway under load (open loop: latency from the intended send time)");
        table(out, List.of("phase", "achieved", "p50 / p95 / p99 / p99.9 / max (ms)", "errors", "accepted → result recorded p50 / p99 (ms)",
                "results / accepted, last result after last accept"), results.phases().stream().map(p -> List.of(p.title(),
                number(p.load().achievedRate()) + " req/s", latency(p.load().latency()), errors(p.load()),
                p.endToEnd() == null ? "" : "%s / %s".formatted(number(p.endToEnd().latency().p50()), number(p.endToEnd().latency().p99())),
                p.endToEnd() == null ? "" : "%,d / %,d, %s s".formatted(p.endToEnd().completed(), p.endToEnd().accepted(),
                        number(p.endToEnd().completionLagSeconds())))).toList());
        out.println("### Costs per good answer (CPU-µs per request of each process; cores kept busy; Redis commands; PostgreSQL commits)");
        table(out, List.of("phase", "gateway", "worker", "generator", "redis-server", "postgres", "machine busy",
                "Redis commands (most frequent)", "PG commits", "load average"), results.phases().stream().map(p -> costRow(p.title(),
                p.costs())).toList());
    }

    private void printBulkAndPush(PrintStream out) {
        Harness.Bulk bulk = results.bulk();
        if (bulk != null) {
            out.printf("### Bulk import%n%n%,d NDJSON items through POST /api/importer/bulk, gateway -Xmx%s: 202 after %.1f s, batch %s"
                       + " (%,d done, %,d error) after %.1f s: **%s items/s end to end**. Costs per item:%n%n", bulk.items(),
                    bulk.gatewayHeap(), bulk.acceptSeconds(), bulk.status(), bulk.done(), bulk.error(), bulk.seconds(),
                    number(bulk.itemsPerSecond()));
            table(out, List.of("phase", "gateway", "worker", "generator", "redis-server", "postgres", "machine busy",
                    "Redis commands (most frequent)", "PG commits", "load average"), List.of(costRow("bulk import", bulk.costs())));
        }
        Harness.Push push = results.push();
        if (push != null) {
            out.printf("### WebSocket push%n%nPushLatencyBenchmark, %,d requests at %d/s over one WebSocket (gateway and worker in one"
                       + " JVM): request → result %s ms; ping → pong %s ms (p50 / p95 / p99 / max); %s of the measured requests"
                       + " refused. Its output: %s%n%n", push.requests(), push.rate(),
                    push.endToEnd() == null ? "n/a" : latency(push.endToEnd()), push.pingPong() == null ? "n/a" : latency(push.pingPong()),
                    push.refused() == null ? "n/a" : "%,d".formatted(push.refused()), push.log());
        }
    }

    private static List<String> costRow(String title, Probes.Costs c) {
        return List.of(title, cpu(c, "gateway"), cpu(c, "worker"), cpu(c, "generator"), cpu(c, "redis-server"), cpu(c, "postgres"),
                "%.0f%%".formatted(c.machineBusyPercent()),
                "%s (%s)".formatted(number(c.redisCommandsPerUnit()), c.topRedisCommandsPerUnit().entrySet().stream()
                        .map(e -> e.getKey() + " " + number(e.getValue())).collect(Collectors.joining(", "))),
                number(c.pgCommitsPerUnit()), c.loadavgStart() + " → " + c.loadavgEnd());
    }

    /** CPU-µs per unit of one process and the cores it kept busy; empty when the process was not there. */
    private static String cpu(Probes.Costs c, String process) {
        Double micros = c.cpuMicrosPerUnit().get(process);
        return micros == null ? "" : "%s µs (%.2f cores)".formatted(number(micros), c.coresBusy().get(process));
    }

    private static String latency(LoadGenerator.Latency l) {
        return Double.isNaN(l.p999()) ? "%s / %s / %s / %s".formatted(number(l.p50()), number(l.p95()), number(l.p99()), number(l.max()))
                : "%s / %s / %s / %s / %s".formatted(number(l.p50()), number(l.p95()), number(l.p99()), number(l.p999()), number(l.max()));
    }

    private static String errors(LoadGenerator.Result r) {
        return r.errors().isEmpty() ? "0" : r.errors().entrySet().stream().map(e -> "%s: %,d".formatted(e.getKey(), e.getValue()))
                .collect(Collectors.joining(", "));
    }

    private static String ratioText(Figure f) {
        if (f.ratio() == null) {
            return "";
        }
        // Throughputs as a share of the ceiling; latencies as a multiple of the floor.
        return f.unit().equals("ms") ? "×%.1f".formatted(f.ratio()) : "%.1f%%".formatted(100 * f.ratio());
    }

    /** Three significant digits at most, thousands separated. */
    static String number(Double value) {
        if (value == null || value.isNaN()) {
            return "n/a";
        }
        double v = value;
        if (Math.abs(v) >= 100) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        return Math.abs(v) >= 10 ? String.format(Locale.ROOT, "%.1f", v) : String.format(Locale.ROOT, "%.2f", v);
    }

    private static void table(PrintStream out, List<String> header, List<List<String>> rows) {
        out.println("| " + String.join(" | ", header) + " |");
        out.println("|" + "---|".repeat(header.size()));
        rows.forEach(row -> out.println("| " + String.join(" | ", row) + " |"));
        out.println();
    }

    // ---- JSON ----

    /** Writes {@code bench-<UTC time>.json} and {@code latest.json} into {@code directory}; the path of the first. */
    Path write(Path directory) throws IOException {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("summary", summary);
        document.put("results", results);
        String stamp = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC).format(results.started());
        Path file = directory.resolve("bench-" + stamp + ".json");
        JSON.writeValue(file.toFile(), document);
        Files.copy(file, directory.resolve("latest.json"), StandardCopyOption.REPLACE_EXISTING);
        return file;
    }
}
