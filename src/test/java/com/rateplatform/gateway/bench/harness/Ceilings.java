package com.rateplatform.gateway.bench.harness;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.lettuce.core.Consumer;
import io.lettuce.core.LettuceFutures;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import io.vertx.core.http.HttpMethod;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

import com.rateplatform.gateway.message.Ids;

/**
 * What this machine's servers do with nothing of ours in the way, measured in the same run as the figures they bound:
 * <ul>
 * <li>a bare Vert.x HTTP endpoint ({@link BareVertxServer}, a JVM of its own), driven by the same load generator, at
 * saturation and at the fixed rates;</li>
 * <li>Redis Streams through Lettuce: pipelined XADD → XREADGROUP (500 at a time) → XACK, messages/s end to end;</li>
 * <li>PostgreSQL: rows/s into a table shaped like {@code raw_items} (its columns and indexes) by JDBC batch with
 * {@code reWriteBatchedInserts} and by COPY, 1,000 rows per transaction (a bulk chunk); and single-row autocommitted
 * INSERTs on one connection (commits/s, the unit a per-request design pays).</li>
 * </ul>
 * The table is a regular one in the bench's schema: a temporary table writes no WAL and would flatter the ceiling.
 */
final class Ceilings {

    /** Rows per transaction in the PostgreSQL ceilings: one bulk chunk. */
    private static final int ROWS_PER_TRANSACTION = 1_000;
    private static final String COLUMNS = "id, request_id, item_id, source, action, status, payload, normalized_phone,"
                                          + " normalized_bank_account, normalized_bank, normalized_name, result, error, created_at";

    /** A throughput ceiling: {@code units} done in {@code seconds}. */
    record Throughput(String name, String unit, long units, double seconds, double perSecond, String loadavgStart,
                      String loadavgEnd) {

        static Throughput of(String name, String unit, long units, long startNanos, String loadavgStart) {
            double seconds = (System.nanoTime() - startNanos) / 1e9;
            return new Throughput(name, unit, units, seconds, units / seconds, loadavgStart, Probes.loadavg());
        }
    }

    /** A load run and what it cost (the server's CPU as {@code bare-vertx}, the load generator's as {@code generator}). */
    record Measured(LoadGenerator.Result load, Probes.Costs costs) {
    }

    /**
     * The bare Vert.x endpoint at saturation and at each fixed rate; and, for reference, at saturation driven by
     * {@code wrk} (a C client, cheaper per request than any JVM one), null where wrk is not installed.
     */
    record Http(Measured saturation, List<Measured> atRates, Double wrkRequestsPerSecond) {

        Measured atRate(double rate) {
            return atRates.stream().filter(r -> r.load().targetRate() == rate).findFirst().orElse(null);
        }
    }

    private Ceilings() {
    }

    /**
     * Starts {@link BareVertxServer} with {@code -Xmx<heap>}, warms it up, then measures it closed loop with
     * {@code connections} for {@code saturation}, and open loop at each rate for {@code atRate}.
     */
    static Http bareVertx(LoadGenerator load, Probes probes, String heap, int connections, Duration saturation,
                          List<Integer> rates, Duration atRate, Path log) throws IOException, InterruptedException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Process server = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-Xmx" + heap, "-cp",
                System.getProperty("java.class.path"), BareVertxServer.class.getName(), Integer.toString(port))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!Files.readString(log).contains("READY")) {
                if (!server.isAlive() || System.nanoTime() > deadline) {
                    throw new IllegalStateException("The bare Vert.x server did not start; see " + log);
                }
                Thread.sleep(20);
            }
            LoadGenerator.Target target = new LoadGenerator.Target("bare Vert.x GET", port, HttpMethod.GET,
                    n -> "/api/validation/status/unknown", null, Map.of(), Set.of(200));
            Harness.say("ceiling: bare Vert.x, JIT warm-up (%d s, not measured)", saturation.toSeconds());
            load.closedLoop(target, connections, saturation);
            Harness.say("ceiling: bare Vert.x, %d connections, %d s", connections, saturation.toSeconds());
            Map<String, Long> pids = Map.of("bare-vertx", server.pid());
            Measured saturated = measured(probes, pids, () -> load.closedLoop(target, connections, saturation));
            List<Measured> atRates = new ArrayList<>();
            for (int rate : rates) {
                Harness.say("ceiling: bare Vert.x at %,d req/s, %d s", rate, atRate.toSeconds());
                atRates.add(measured(probes, pids, () -> load.openLoop(target, rate, atRate)));
            }
            Harness.say("ceiling: bare Vert.x driven by wrk, %d connections, %d s (reference)", connections, saturation.toSeconds());
            return new Http(saturated, atRates, wrk(port, connections, saturation));
        } finally {
            server.destroy();
            server.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** Requests/s wrk reports for GETs on one thread with {@code connections}; null when wrk is not installed. */
    private static Double wrk(int port, int connections, Duration duration) throws InterruptedException {
        try {
            Process wrk = new ProcessBuilder("wrk", "-t1", "-c" + connections, "-d" + duration.toSeconds() + "s",
                    "http://127.0.0.1:" + port + "/api/validation/status/unknown").redirectErrorStream(true).start();
            String output = new String(wrk.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            wrk.waitFor();
            Matcher m = Pattern.compile("Requests/sec:\\s+([\\d.]+)").matcher(output);
            return m.find() ? Double.valueOf(m.group(1)) : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static Measured measured(Probes probes, Map<String, Long> pids, LoadGenerator.Job run) throws InterruptedException {
        Probes.Snapshot before = probes.snapshot(pids);
        LoadGenerator.Result result = run.run();
        return new Measured(result, Probes.between(before, probes.snapshot(pids), result.good()));
    }

    /** {@code messages} through one stream: a pipelined producer, one consumer reading 500 at a time and acking each read. */
    static Throughput redisStream(String redisUrl, String key, int messages) throws InterruptedException {
        RedisClient client = RedisClient.create(redisUrl);
        try (StatefulRedisConnection<String, String> producer = client.connect();
             StatefulRedisConnection<String, String> consumer = client.connect()) {
            RedisCommands<String, String> reader = consumer.sync();
            reader.xgroupCreate(XReadArgs.StreamOffset.from(key, "0"), "bench", XGroupCreateArgs.Builder.mkstream());
            // About the size of an encoded 3-item request message.
            Map<String, String> body = Map.of("payload", "x".repeat(450), "source", "extension");
            String loadavg = Probes.loadavg();
            long started = System.nanoTime();
            Thread writer = new Thread(() -> xaddPipelined(producer.async(), key, body, messages), "ceiling-xadd");
            writer.start();
            long acked = 0;
            while (acked < messages) {
                List<StreamMessage<String, String>> read = reader.xreadgroup(Consumer.from("bench", "reader"),
                        XReadArgs.Builder.count(500).block(1_000), XReadArgs.StreamOffset.lastConsumed(key));
                if (!read.isEmpty()) {
                    acked += reader.xack(key, "bench", read.stream().map(StreamMessage::getId).toArray(String[]::new));
                }
            }
            Throughput result = Throughput.of("Redis XADD → XREADGROUP → XACK (Lettuce)", "msg", acked, started, loadavg);
            writer.join();
            reader.del(key);
            return result;
        } finally {
            client.shutdown();
        }
    }

    private static void xaddPipelined(RedisAsyncCommands<String, String> redis, String key, Map<String, String> body, int messages) {
        List<RedisFuture<String>> window = new ArrayList<>();
        for (int i = 0; i < messages; i++) {
            window.add(redis.xadd(key, body));
            if (window.size() == 256 || i == messages - 1) {
                LettuceFutures.awaitAll(Duration.ofSeconds(30), window.toArray(new RedisFuture[0]));
                window.clear();
            }
        }
    }

    /** A regular table with the columns and indexes of {@code raw_items} (not partitioned), empty. */
    static void createItemsTable(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS bench_items");
            s.execute("CREATE TABLE bench_items (LIKE raw_items INCLUDING DEFAULTS INCLUDING INDEXES)");
        }
    }

    /** {@code rows} rows by JDBC batches ({@code reWriteBatchedInserts}: multi-row INSERTs), one transaction per chunk. */
    static Throughput pgBatchInsert(String url, String user, String password, String schema, int rows) throws SQLException {
        String batchUrl = url + (url.contains("?") ? "&" : "?") + "reWriteBatchedInserts=true";
        try (Connection c = DriverManager.getConnection(batchUrl, user, password)) {
            c.setSchema(schema);
            truncate(c);
            c.setAutoCommit(false);
            Ids ids = new Ids();
            Timestamp createdAt = Timestamp.from(Instant.now());
            String loadavg = Probes.loadavg();
            long started = System.nanoTime();
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO bench_items (" + COLUMNS + ")"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?)")) {
                for (int i = 0; i < rows; i++) {
                    String[] row = row(ids, i);
                    ps.setObject(1, UUID.fromString(row[0]));
                    for (int column = 1; column < 13; column++) {
                        ps.setString(column + 1, row[column]);
                    }
                    ps.setTimestamp(14, createdAt);
                    ps.addBatch();
                    if ((i + 1) % ROWS_PER_TRANSACTION == 0 || i == rows - 1) {
                        ps.executeBatch();
                        c.commit();
                    }
                }
            }
            return Throughput.of("PostgreSQL JDBC batch INSERT (1,000 rows per commit)", "row", rows, started, loadavg);
        }
    }

    /** {@code rows} rows by COPY (text format), one COPY and one transaction per chunk. */
    static Throughput pgCopy(String url, String user, String password, String schema, int rows) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, user, password)) {
            c.setSchema(schema);
            truncate(c);
            c.setAutoCommit(false);
            Ids ids = new Ids();
            String createdAt = Instant.now().toString();
            String loadavg = Probes.loadavg();
            long started = System.nanoTime();
            for (int first = 0; first < rows; first += ROWS_PER_TRANSACTION) {
                CopyIn copy = c.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY bench_items (" + COLUMNS + ") FROM STDIN");
                StringBuilder chunk = new StringBuilder();
                for (int i = first; i < Math.min(rows, first + ROWS_PER_TRANSACTION); i++) {
                    String[] row = row(ids, i);
                    for (String field : row) {
                        chunk.append(field == null ? "\\N" : field).append('\t');
                    }
                    chunk.append(createdAt).append('\n');
                }
                byte[] bytes = chunk.toString().getBytes(StandardCharsets.UTF_8);
                copy.writeToCopy(bytes, 0, bytes.length);
                copy.endCopy();
                c.commit();
            }
            return Throughput.of("PostgreSQL COPY (1,000 rows per commit)", "row", rows, started, loadavg);
        }
    }

    /** Single-row INSERTs, each its own transaction, on one connection, for {@code duration}: durable commits per second. */
    static Throughput pgSingleRowCommits(String url, String user, String password, String schema, Duration duration)
            throws SQLException {
        try (Connection c = DriverManager.getConnection(url, user, password)) {
            c.setSchema(schema);
            truncate(c);
            Ids ids = new Ids();
            Timestamp createdAt = Timestamp.from(Instant.now());
            String loadavg = Probes.loadavg();
            long started = System.nanoTime();
            long end = started + duration.toNanos();
            long rows = 0;
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO bench_items (id, request_id, item_id, source, action,"
                    + " status, payload, result, created_at) VALUES (?, ?, ?, 'importer', 'import', 'done', ?::jsonb, ?::jsonb, ?)")) {
                while (System.nanoTime() < end) {
                    String[] row = row(ids, (int) rows);
                    ps.setObject(1, UUID.fromString(row[0]));
                    ps.setString(2, row[1]);
                    ps.setString(3, row[2]);
                    ps.setString(4, row[6]);
                    ps.setString(5, row[11]);
                    ps.setTimestamp(6, createdAt);
                    ps.executeUpdate();
                    rows++;
                }
            }
            return Throughput.of("PostgreSQL single-row INSERT, autocommit (1 connection)", "commit", rows, started, loadavg);
        }
    }

    private static void truncate(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("TRUNCATE bench_items");
        }
    }

    /**
     * Item {@code i} as a validator writes it (a name and a phone number, validated): the 13 columns of {@link #COLUMNS}
     * before created_at, as text.
     */
    private static String[] row(Ids ids, int i) {
        String itemId = "i%07d".formatted(i);
        String phone = "0912%06d".formatted(i % 1_000_000);
        String e164 = "+84912%06d".formatted(i % 1_000_000);
        return new String[] { ids.next().toString(), "bench-chunk-" + i / ROWS_PER_TRANSACTION, itemId, "importer", "import", "done",
                "{\"item_id\": \"" + itemId + "\", \"name\": \"Nguyễn Văn An\", \"phone\": \"" + phone + "\"}", e164, null, null,
                "nguyễn văn an",
                "{\"item_id\": \"" + itemId + "\", \"verdict\": \"DONE\", \"error_code\": null, \"confidence\": 1.0, \"details\":"
                + " {\"name\": \"Nguyễn Văn An\", \"phone\": {\"e164\": \"" + e164 + "\", \"type\": \"MOBILE\", \"region\": \"VN\","
                + " \"carrier\": \"Vinaphone\"}}}", null };
    }
}
