package com.rateplatform.gateway.bench.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.lettuce.core.api.sync.RedisCommands;

/**
 * The counters a phase is measured by, read before and after it: CPU time of each process (utime + stime of
 * {@code /proc/<pid>/stat}), of the whole machine ({@code /proc/stat}), Redis's calls per command
 * ({@code INFO commandstats}), PostgreSQL's committed transactions in the database ({@code pg_stat_database.xact_commit}),
 * and the load average. Redis and PostgreSQL are shared: their deltas include any other client's work, so they are
 * exact only on a quiet machine.
 */
public final class Probes {

    /** Linux's USER_HZ: /proc times are in 1/100 s on every platform this runs on (getconf CLK_TCK). */
    private static final long MICROS_PER_TICK = 10_000;

    /** Counters at one moment; {@code cpuMicros} by process name (roles, generator, redis-server, postgres). */
    record Snapshot(long nanos, Map<String, Long> cpuMicros, long machineBusyTicks, long machineTicks,
                    Map<String, Long> redisCalls, long pgCommits, String loadavg) {
    }

    /**
     * What a phase cost per unit (request or item): CPU-µs of each process, cores each kept busy, Redis commands (and the
     * most frequent ones), PostgreSQL commits.
     */
    record Costs(long units, double seconds, Map<String, Double> cpuMicrosPerUnit, Map<String, Double> coresBusy,
                 double machineBusyPercent, double redisCommandsPerUnit, Map<String, Double> topRedisCommandsPerUnit,
                 double pgCommitsPerUnit, String loadavgStart, String loadavgEnd) {
    }

    private final RedisCommands<String, String> redis;
    private final Connection pg;
    private final long redisPid;

    Probes(RedisCommands<String, String> redis, Connection pg) {
        this.redis = redis;
        this.pg = pg;
        String pid = info("server").get("process_id");
        this.redisPid = pid == null ? -1 : Long.parseLong(pid);
    }

    /** The counters now; {@code processes} are the pids to account by name, besides this JVM (the load generator). */
    Snapshot snapshot(Map<String, Long> processes) {
        Map<String, Long> cpu = new LinkedHashMap<>();
        processes.forEach((name, pid) -> cpu.put(name, cpuMicros(pid)));
        cpu.put("generator", cpuMicros(ProcessHandle.current().pid()));
        cpu.put("redis-server", redisPid < 0 ? 0 : cpuMicros(redisPid));
        cpu.put("postgres", postgresCpuMicros());
        long[] machine = machineTicks();
        return new Snapshot(System.nanoTime(), cpu, machine[0], machine[1], redisCalls(), pgCommits(), loadavg());
    }

    /**
     * {@link #snapshot}, but PostgreSQL's commits read only after {@code settle}: a backend that has gone idle reports
     * its last second of statistics up to 10 s late (PostgreSQL 15's PGSTAT_IDLE_INTERVAL).
     */
    Snapshot settledSnapshot(Map<String, Long> processes, Duration settle) throws InterruptedException {
        Snapshot now = snapshot(processes);
        Thread.sleep(settle.toMillis());
        return new Snapshot(now.nanos(), now.cpuMicros(), now.machineBusyTicks(), now.machineTicks(), now.redisCalls(),
                pgCommits(), now.loadavg());
    }

    static Costs between(Snapshot before, Snapshot after, long units) {
        double seconds = (after.nanos() - before.nanos()) / 1e9;
        double perUnit = Math.max(1, units);
        Map<String, Double> cpu = new LinkedHashMap<>();
        Map<String, Double> cores = new LinkedHashMap<>();
        after.cpuMicros().forEach((name, micros) -> {
            long delta = micros - before.cpuMicros().getOrDefault(name, micros);
            cpu.put(name, delta / perUnit);
            cores.put(name, delta / 1e6 / seconds);
        });
        Map<String, Long> calls = new TreeMap<>();
        after.redisCalls().forEach((command, n) -> calls.put(command, n - before.redisCalls().getOrDefault(command, 0L)));
        long commands = calls.values().stream().mapToLong(Long::longValue).sum();
        Map<String, Double> top = calls.entrySet().stream().filter(e -> e.getValue() > 0)
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(6)
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue() / perUnit, (a, b) -> a, LinkedHashMap::new));
        long ticks = after.machineTicks() - before.machineTicks();
        double busy = ticks == 0 ? 0 : 100.0 * (after.machineBusyTicks() - before.machineBusyTicks()) / ticks;
        return new Costs(units, seconds, cpu, cores, busy, commands / perUnit, top,
                (after.pgCommits() - before.pgCommits()) / perUnit, before.loadavg(), after.loadavg());
    }

    /** The first three fields of /proc/loadavg: the 1, 5 and 15 minute load averages. */
    public static String loadavg() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException e) {
            return "n/a";
        }
    }

    /** CPU time (user + system) a process has used, in µs; 0 when it is gone or not readable. */
    public static long cpuMicros(long pid) {
        return cpuMicros(pid, false);
    }

    /**
     * {@link #cpuMicros(long)}, with {@code children} also the CPU time of its children that have ended and been waited
     * for (cutime + cstime): PostgreSQL's postmaster inherits the time of every backend that disconnected.
     */
    private static long cpuMicros(long pid, boolean children) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // Fields after the command name (which may hold spaces): state is field 3, utime 14, stime 15, cutime 16,
            // cstime 17.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            if (children) {
                ticks += Long.parseLong(fields[13]) + Long.parseLong(fields[14]);
            }
            return ticks * MICROS_PER_TICK;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /**
     * Every process named postgres on this machine (server and backends: the machine's one cluster, as a rule), with
     * the time of the backends that have ended since (else a disconnect would show as negative CPU).
     */
    public static long postgresCpuMicros() {
        try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
            return processes.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
                    .filter(p -> {
                        try {
                            return Files.readString(p.resolve("comm")).trim().equals("postgres");
                        } catch (IOException e) {
                            return false;
                        }
                    })
                    .mapToLong(p -> cpuMicros(Long.parseLong(p.getFileName().toString()), true)).sum();
        } catch (IOException e) {
            return 0;
        }
    }

    /** /proc/stat's first line: busy ticks (all but idle and iowait) and all ticks. */
    public static long[] machineTicks() {
        try {
            String[] fields = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long all = 0;
            for (int i = 1; i < fields.length; i++) {
                all += Long.parseLong(fields[i]);
            }
            long idle = Long.parseLong(fields[4]) + Long.parseLong(fields[5]);
            return new long[] { all - idle, all };
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Calls per command since Redis started, but for INFO (this class's own). */
    private Map<String, Long> redisCalls() {
        Map<String, Long> calls = new TreeMap<>();
        info("commandstats").forEach((key, value) -> {
            String command = key.substring("cmdstat_".length());
            if (!command.equals("info")) {
                calls.put(command, Long.parseLong(value.substring("calls=".length(), value.indexOf(','))));
            }
        });
        return calls;
    }

    /** Connected clients of the shared Redis, to say whether others were there. */
    long redisClients() {
        return Long.parseLong(info("clients").getOrDefault("connected_clients", "0"));
    }

    private Map<String, String> info(String section) {
        Map<String, String> values = new TreeMap<>();
        for (String line : redis.info(section).split("\r?\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && !line.startsWith("#")) {
                values.put(line.substring(0, colon), line.substring(colon + 1).trim());
            }
        }
        return values;
    }

    private long pgCommits() {
        return queryLong("SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()");
    }

    /** Connections to this database whose application name does not start with {@code ours}: someone else's work. */
    long otherPgConnections(String ours) {
        return queryLong("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND application_name NOT LIKE ?",
                ours + "%");
    }

    private long queryLong(String sql, String... args) {
        try (PreparedStatement ps = pg.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setString(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
