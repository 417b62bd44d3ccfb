package com.rateplatform.gateway.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.rateplatform.gateway.message.Json;
import com.rateplatform.gateway.support.LocalPostgres;
import com.rateplatform.gateway.support.LocalRedis;
import com.rateplatform.gateway.support.RunningGateway;
import com.rateplatform.gateway.support.Shell;
import com.rateplatform.gateway.support.TestServers;

/**
 * The restore drill of docs/Backup-And-Restore.md, on servers of its own and driven by the scripts in ops/: a
 * PostgreSQL restored to a moment from pgBackRest (base backup + archived WAL) after its data directory is gone, and a
 * Redis restored from its snapshot after its data is gone. Each time the gateway and a worker then run on the restored
 * server, and every request the restored data holds completes with exactly one response. Prints how long each took.
 */
@Tag("drill")
class RestoreDrillTest {

    private static final Path PGBACKREST_EXAMPLE = Path.of("config/pgbackrest/pgbackrest.conf");
    private static final Path REDIS_ACL_CONF = Path.of("config/redis-acl.conf");
    private static final String STANZA = "rate-gateway";
    private static final Duration COMPLETION = Duration.ofSeconds(60);

    @Test
    void postgresRestoredToANotedTimeHoldsEveryRequestAcceptedBeforeItAndCompletesThoseStillPendingOnce() throws Exception {
        Assumptions.assumeTrue(LocalPostgres.available() && Shell.onPath("pgbackrest") && LocalRedis.available(),
                "needs PostgreSQL 15 binaries, pgbackrest and redis-server");
        try (LocalPostgres pg = LocalPostgres.initdb(Map.of("archive_mode", "on", "wal_level", "replica"));
             LocalRedis redis = LocalRedis.start(null, null, "--save", "", "--appendonly", "no")) {
            Path pgbackrestConf = pgbackrestConf(pg);
            Files.writeString(pg.dataDir().resolve("postgresql.conf"), "archive_command = 'pgbackrest --config=" + pgbackrestConf
                    + " --stanza=" + STANZA + " archive-push %p'\n", java.nio.file.StandardOpenOption.APPEND);
            pg.start();
            Map<String, String> pgbackrestEnv = Map.of("PGBACKREST_CONFIG", pgbackrestConf.toString(), "PGBACKREST_STANZA", STANZA,
                    "PG_OS_USER", pg.osUser());
            ops(pgbackrestEnv, "pg-backup.sh", "init");
            Map<String, String> onItsServers = Map.of("rate.db.url", pg.jdbcUrl(), "rate.db.user", "postgres", "rate.db.schema", "public",
                    "rate.redis.url", redis.url(null, null));

            List<String> beforeBackup;
            List<String> afterBackup;
            List<String> pendingAtTarget;
            List<String> afterTarget;
            String target;
            try (RunningGateway gateway = RunningGateway.start("", with(onItsServers, "rate.roles", "gateway"))) {
                try (RunningGateway worker = RunningGateway.start("", with(onItsServers, "rate.roles", "worker"))) {
                    beforeBackup = accept(gateway, 20, "before-backup");
                    awaitNonePending(pg, beforeBackup);
                    ops(pgbackrestEnv, "pg-backup.sh", "full");
                    afterBackup = accept(gateway, 20, "after-backup");
                    awaitNonePending(pg, afterBackup);
                }
                // No worker now: these stay pending, their entries waiting in Redis.
                pendingAtTarget = accept(gateway, 20, "pending");
                target = pg.query("SELECT to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US') || '+00'");
                afterTarget = accept(gateway, 10, "after-target");
                // Recovery to a time stops at the first commit after it, which must be in the archive: switch to a new
                // WAL segment and wait until the one holding those commits is archived.
                String segment = pg.query("SELECT pg_walfile_name(pg_switch_wal())");
                await().atMost(Duration.ofSeconds(60)).until(() -> "true".equals(
                        pg.query("SELECT (coalesce(last_archived_wal, '') >= ?)::text FROM pg_stat_archiver", segment)));
            }

            pg.destroyDataDirectory();
            redis.kill();
            redis.start(); // without persistence: empty
            long keys = redis.admin(r -> r.dbsize());
            assertThat(keys).isZero();

            long started = System.nanoTime();
            ops(pgbackrestEnv, "pg-restore.sh", "--time", target);
            long filesRestored = System.nanoTime();
            pg.start();
            await().atMost(Duration.ofSeconds(120)).until(() -> "false".equals(pg.query("SELECT pg_is_in_recovery()::text")));
            long promoted = System.nanoTime();
            try (RunningGateway gateway = RunningGateway.start("", with(onItsServers, "rate.roles", "gateway",
                    "rate.reconciler.enabled", "true", "rate.reconciler.min-age-ms", "500", "rate.reconciler.interval-ms", "300"));
                 RunningGateway worker = RunningGateway.start("", with(onItsServers, "rate.roles", "worker"))) {
                await().atMost(COMPLETION).until(() -> pendingAmong(pg, pendingAtTarget) == 0);
            }
            long completed = System.nanoTime();

            List<String> accepted = concat(beforeBackup, afterBackup, pendingAtTarget);
            assertThat(count(pg, "SELECT count(*) FROM validation_requests WHERE request_id = ANY (?)", accepted)).isEqualTo(accepted.size());
            assertThat(count(pg, "SELECT count(*) FROM validation_requests WHERE request_id = ANY (?)", afterTarget)).isZero();
            for (String requestId : accepted) {
                assertThat(count(pg, "SELECT count(*) FROM validation_responses WHERE request_id = ?", requestId)).as(requestId).isEqualTo(1);
                assertThat(count(pg, "SELECT count(*) FROM raw_items WHERE request_id = ?", requestId)).as(requestId).isEqualTo(1);
            }
            System.out.printf("PostgreSQL restore drill: restored to %s; pgbackrest restore %.1f s, recovery and promotion %.1f s"
                              + " (restore to writable: %.1f s); %d pending requests completed %.1f s later; %d requests kept, each"
                              + " answered once, %d accepted after the target gone%n", target, seconds(started, filesRestored),
                    seconds(filesRestored, promoted), seconds(started, promoted), pendingAtTarget.size(), seconds(promoted, completed),
                    accepted.size(), afterTarget.size());
        }
    }

    /**
     * Redis as production runs it (config/redis-acl.conf's users, the gateway and worker as theirs), with AOF off (the
     * RDB snapshot is restored) or on (its AOF directory is).
     */
    @ParameterizedTest(name = "appendonly {0}")
    @ValueSource(strings = {"no", "yes"})
    void redisRestoredFromItsSnapshotDeliversTheRequestsWaitingInItOnce(String appendonly) throws Exception {
        Assumptions.assumeTrue(LocalRedis.available(), "needs redis-server and redis-cli");
        String schema = TestServers.isolatedSchema();
        Path backups = Files.createTempDirectory("redis-backups-");
        try (LocalRedis redis = LocalRedis.start(REDIS_ACL_CONF, "admin:admin-dev-password", "--save", "", "--appendonly", appendonly)) {
            Map<String, String> redisEnv = Map.of("REDIS_PORT", Integer.toString(redis.port()), "REDIS_USER", "admin",
                    "REDISCLI_AUTH", "admin-dev-password");
            Map<String, String> gatewaySettings = Map.of("rate.roles", "gateway", "rate.db.schema", schema,
                    "rate.redis.url", redis.url("gateway", "gateway-dev-password"));
            Map<String, String> workerSettings = Map.of("rate.roles", "worker", "rate.db.schema", schema,
                    "rate.redis.url", redis.url("validator", "validator-dev-password"));

            List<String> completedBefore;
            List<String> waitingInSnapshot;
            Path backup;
            try (RunningGateway gateway = RunningGateway.start("", gatewaySettings)) {
                try (RunningGateway worker = RunningGateway.start("", workerSettings)) {
                    completedBefore = accept(gateway, 10, "completed");
                    awaitNonePending(schema, completedBefore);
                }
                // No worker now: these wait in validation_requests, published but not consumed.
                waitingInSnapshot = accept(gateway, 20, "waiting");
                String printed = ops(redisEnv, "redis-backup.sh", backups.toString());
                backup = Path.of(printed.strip().lines().reduce((first, last) -> last).orElseThrow());
            }
            assertThat(Files.readString(backup.resolve("users.acl"))).contains("user gateway on", "user validator on");
            assertThat(backup.resolve("redis-acl.conf")).hasSameTextualContentAs(REDIS_ACL_CONF);

            redis.kill();
            deleteContents(redis.dataDir());
            long started = System.nanoTime();
            ops(Map.of("REDIS_PORT", Integer.toString(redis.port())), "redis-restore.sh", backup.toString(), redis.dataDir().toString());
            redis.start();
            long restored = System.nanoTime();
            long entries = redis.admin(r -> r.xlen("validation_requests"));
            assertThat(entries).isEqualTo(completedBefore.size() + waitingInSnapshot.size());
            // The reconciler stays off (RunningGateway's default): only the restored stream can bring these to the worker.
            try (RunningGateway gateway = RunningGateway.start("", gatewaySettings);
                 RunningGateway worker = RunningGateway.start("", workerSettings)) {
                awaitNonePending(schema, waitingInSnapshot);
            }
            long completed = System.nanoTime();

            for (String requestId : concat(completedBefore, waitingInSnapshot)) {
                assertThat(TestServers.get().countIn(schema, "SELECT count(*) FROM validation_responses WHERE request_id = ?", requestId))
                        .as(requestId).isEqualTo(1);
            }
            System.out.printf("Redis restore drill (appendonly %s): files restored and Redis loaded them in %.1f s; the %d requests"
                              + " waiting in the snapshot completed %.1f s later, each answered once%n", appendonly,
                    seconds(started, restored), waitingInSnapshot.size(), seconds(restored, completed));
        } finally {
            deleteContents(backups);
            Files.deleteIfExists(backups);
        }
    }

    /** config/pgbackrest/pgbackrest.conf as shipped, its paths moved into the cluster's folder. */
    private static Path pgbackrestConf(LocalPostgres pg) throws IOException {
        Map<String, String> moved = Map.of(
                "repo1-path", pg.dir().resolve("repo").toString(),
                "spool-path", pg.dir().resolve("spool").toString(),
                "log-path", pg.dir().resolve("log").toString(),
                "pg1-path", pg.dataDir().toString(),
                "pg1-port", Integer.toString(pg.port()),
                "# pg1-socket-path", pg.dir().toString());
        List<String> lines = new ArrayList<>();
        Map<String, Boolean> found = new HashMap<>();
        for (String line : Files.readAllLines(PGBACKREST_EXAMPLE)) {
            String key = line.contains("=") ? line.substring(0, line.indexOf('=')).strip() : "";
            if (moved.containsKey(key)) {
                found.put(key, true);
                line = key.replace("# ", "") + "=" + moved.get(key);
            }
            lines.add(line);
            if (line.startsWith("log-path=")) {
                lines.add("lock-path=" + pg.dir().resolve("lock"));
            }
        }
        assertThat(found.keySet()).as("settings of " + PGBACKREST_EXAMPLE).containsExactlyInAnyOrderElementsOf(moved.keySet());
        Path conf = pg.dir().resolve("pgbackrest.conf");
        Files.write(conf, lines);
        pg.giveToOwner(conf);
        return conf;
    }

    /** Runs ops/&lt;script&gt; with bash, as an operator would; its output. */
    private static String ops(Map<String, String> env, String script, String... args) {
        List<String> command = new ArrayList<>(List.of("bash", Path.of("ops", script).toString()));
        command.addAll(List.of(args));
        return Shell.run(command, env);
    }

    /** {@code count} requests of one item each, all answered 202; their ids. */
    private static List<String> accept(RunningGateway gateway, int count, String label) throws IOException {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String requestId = label + "-" + i + "-" + System.nanoTime();
            var response = gateway.postJson("/api/validation/validate",
                    "{\"request_id\": \"%s\", \"data\": {\"items\": [{\"phone\": \"09123456%02d\"}]}}".formatted(requestId, i));
            assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
            ids.add(Json.MAPPER.readTree(response.body()).get("request_id").asText());
        }
        return ids;
    }

    private static void awaitNonePending(LocalPostgres pg, List<String> requestIds) {
        await().atMost(COMPLETION).until(() -> pendingAmong(pg, requestIds) == 0);
    }

    private static void awaitNonePending(String schema, List<String> requestIds) {
        await().atMost(COMPLETION).until(() -> TestServers.get().countIn(schema,
                "SELECT count(*) FROM validation_requests WHERE status = 'pending' AND request_id = ANY (?)", requestIds) == 0);
    }

    private static long pendingAmong(LocalPostgres pg, List<String> requestIds) throws SQLException {
        return count(pg, "SELECT count(*) FROM validation_requests WHERE status = 'pending' AND request_id = ANY (?)", requestIds);
    }

    private static long count(LocalPostgres pg, String sql, Object... args) throws SQLException {
        return Long.parseLong(pg.query(sql, args));
    }

    private static Map<String, String> with(Map<String, String> base, String... keyValues) {
        Map<String, String> settings = new HashMap<>(base);
        for (int i = 0; i < keyValues.length; i += 2) {
            settings.put(keyValues[i], keyValues[i + 1]);
        }
        return settings;
    }

    @SafeVarargs
    private static List<String> concat(List<String>... lists) {
        return Stream.of(lists).flatMap(List::stream).toList();
    }

    private static double seconds(long fromNanos, long toNanos) {
        return (toNanos - fromNanos) / 1e9;
    }

    private static void deleteContents(Path dir) throws IOException {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).filter(path -> !path.equals(dir)).forEach(path -> path.toFile().delete());
        }
    }
}
