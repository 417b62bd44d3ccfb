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
import com.rateplatform.gateway.support.LocalS3Server;
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
            Map<String, String> pgbackrestEnv = archivingThroughPgBackRest(pg, Map.of());
            Map<String, String> onItsServers = Map.of("rate.db.url", pg.jdbcUrl(), "rate.db.user", "postgres", "rate.db.schema", "public",
                    "rate.redis.url", redis.url(null, null));

            List<String> beforeBackup;
            List<String> afterBackup;
            List<String> pendingAtTarget;
            List<String> afterTarget;
            String target;
            long backupEnded;
            try (RunningGateway gateway = RunningGateway.start("", with(onItsServers, "rate.roles", "gateway"))) {
                try (RunningGateway worker = RunningGateway.start("", with(onItsServers, "rate.roles", "worker"))) {
                    beforeBackup = accept(gateway, 20, "before-backup");
                    awaitNonePending(pg, beforeBackup);
                    ops(pgbackrestEnv, "pg-backup.sh", "full");
                    backupEnded = System.nanoTime();
                    afterBackup = accept(gateway, 20, "after-backup");
                    awaitNonePending(pg, afterBackup);
                }
                // No worker now: these stay pending, their entries waiting in Redis.
                pendingAtTarget = accept(gateway, 20, "pending");
                // pgBackRest dates a backup's end in whole seconds, after its last WAL is archived: a target in the
                // same second as the backup's end finds "no backup set with stop time less than" it. Note the target
                // two seconds after the backup at the earliest (the requests above can all take less than one).
                await().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(100)).atMost(Duration.ofSeconds(5))
                        .until(() -> System.nanoTime() - backupEnded >= Duration.ofSeconds(2).toNanos());
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
     * The example's second repository, uncommented and pointed at an S3-compatible store of the test's own (s3rver over
     * HTTPS, encrypted with the example's cipher): a full backup there alone restores the database.
     */
    @Test
    void aBackupInTheS3RepositoryRestoresTheDatabase() throws Exception {
        Assumptions.assumeTrue(LocalPostgres.available() && Shell.onPath("pgbackrest"), "needs PostgreSQL 15 binaries and pgbackrest");
        try (LocalS3Server s3 = LocalS3Server.startWithTls("rate-backups");
             LocalPostgres pg = LocalPostgres.initdb(Map.of("archive_mode", "on", "wal_level", "replica"))) {
            Map<String, String> repo2 = new HashMap<>(Map.of("repo2-type", "s3", "repo2-path", "/rate-gateway", "repo2-s3-bucket", s3.bucket(),
                    "repo2-s3-endpoint", "127.0.0.1", "repo2-s3-region", "us-east-1", "repo2-s3-uri-style", "path",
                    "repo2-s3-key", LocalS3Server.ACCESS_KEY_ID, "repo2-s3-key-secret", LocalS3Server.SECRET_ACCESS_KEY,
                    "repo2-cipher-type", "aes-256-cbc", "repo2-cipher-pass", "drill-passphrase"));
            repo2.putAll(Map.of("repo2-storage-port", Integer.toString(s3.port()), "repo2-storage-verify-tls", "n"));
            Map<String, String> pgbackrestEnv = archivingThroughPgBackRest(pg, repo2);
            pg.execute("CREATE TABLE drill_marker AS SELECT 42 AS answer");
            ops(pgbackrestEnv, "pg-backup.sh", "full", "--repo=2");

            pg.destroyDataDirectory();
            long started = System.nanoTime();
            ops(pgbackrestEnv, "pg-restore.sh", "--repo=2");
            pg.start();
            await().atMost(Duration.ofSeconds(120)).until(() -> "false".equals(pg.query("SELECT pg_is_in_recovery()::text")));
            long promoted = System.nanoTime();

            assertThat(pg.query("SELECT answer::text FROM drill_marker")).isEqualTo("42");
            System.out.printf("PostgreSQL restore drill from the S3 repository: restore to writable %.1f s%n", seconds(started, promoted));
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

    /**
     * A cluster archiving its WAL through pgBackRest with the example configuration (plus {@code repo2} settings), its
     * stanza made by {@code ops/pg-backup.sh init}; the scripts' environment.
     */
    private static Map<String, String> archivingThroughPgBackRest(LocalPostgres pg, Map<String, String> repo2) throws IOException {
        Path pgbackrestConf = pgbackrestConf(pg, repo2);
        Files.writeString(pg.dataDir().resolve("postgresql.conf"), "archive_command = 'pgbackrest --config=" + pgbackrestConf
                + " --stanza=" + STANZA + " archive-push %p'\n", java.nio.file.StandardOpenOption.APPEND);
        pg.start();
        Map<String, String> env = Map.of("PGBACKREST_CONFIG", pgbackrestConf.toString(), "PGBACKREST_STANZA", STANZA,
                "PG_OS_USER", pg.osUser());
        ops(env, "pg-backup.sh", "init");
        // Run again, as a deployment script would: only checks (a second stanza-create can collide with async archiving).
        assertThat(ops(env, "pg-backup.sh", "init")).contains("stanza " + STANZA + " exists on every repository");
        return env;
    }

    /**
     * config/pgbackrest/pgbackrest.conf as shipped, its paths moved into the cluster's folder, and the commented-out
     * {@code repo2-} lines given in {@code repo2} uncommented with those values (the others in [global]).
     */
    private static Path pgbackrestConf(LocalPostgres pg, Map<String, String> repo2) throws IOException {
        Map<String, String> moved = Map.of(
                "repo1-path", pg.dir().resolve("repo").toString(),
                "spool-path", pg.dir().resolve("spool").toString(),
                "log-path", pg.dir().resolve("log").toString(),
                "pg1-path", pg.dataDir().toString(),
                "pg1-port", Integer.toString(pg.port()),
                "# pg1-socket-path", pg.dir().toString());
        List<String> example = Files.readAllLines(PGBACKREST_EXAMPLE);
        Map<String, String> notInExample = new HashMap<>(repo2);
        example.forEach(line -> notInExample.remove(key(line).replaceFirst("^#", "")));
        List<String> lines = new ArrayList<>();
        List<String> found = new ArrayList<>();
        for (String line : example) {
            String key = key(line);
            if (moved.containsKey(key)) {
                found.add(key);
                line = key.replace("# ", "") + "=" + moved.get(key);
            } else if (key.startsWith("#") && repo2.containsKey(key.substring(1))) {
                line = key.substring(1) + "=" + repo2.get(key.substring(1));
            }
            lines.add(line);
            if (line.equals("[global]")) {
                lines.add("lock-path=" + pg.dir().resolve("lock"));
                notInExample.forEach((k, v) -> lines.add(k + "=" + v));
            }
        }
        assertThat(found).as("settings of " + PGBACKREST_EXAMPLE).containsExactlyInAnyOrderElementsOf(moved.keySet());
        Path conf = pg.dir().resolve("pgbackrest.conf");
        Files.write(conf, lines);
        pg.giveToOwner(conf);
        return conf;
    }

    private static String key(String line) {
        return line.contains("=") ? line.substring(0, line.indexOf('=')).strip() : "";
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
