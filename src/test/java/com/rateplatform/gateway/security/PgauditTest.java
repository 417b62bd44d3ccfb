package com.rateplatform.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import com.rateplatform.gateway.persistence.Database;

/**
 * {@code config/postgresql/pgaudit.conf} and {@code pgaudit-setup.sql} on a PostgreSQL 15 cluster of this test's own
 * (initdb in a temp directory, a free loopback port, stopped by its PID at the end) with Debian's
 * postgresql-15-pgaudit: the migrations' DDL is in the server log as session audit lines, a token insert as an object
 * audit line. Run as root, the cluster runs as the postgres user (initdb refuses root). Skipped where PostgreSQL 15 or
 * pgaudit is not installed ({@code .ci/run} installs pgaudit). Tagged {@code cluster}: starting a cluster takes seconds.
 */
@Tag("cluster")
class PgauditTest {

    private static final Path BIN = Path.of("/usr/lib/postgresql/15/bin");
    private static final Path PGAUDIT_LIBRARY = Path.of("/usr/lib/postgresql/15/lib/pgaudit.so");
    private static final Path CONF = Path.of("config/postgresql/pgaudit.conf");
    private static final Path SETUP = Path.of("config/postgresql/pgaudit-setup.sql");
    private static final boolean ROOT = "root".equals(System.getProperty("user.name"));
    /** log_line_prefix of pgaudit.conf begins with %m: 2026-12-04 22:09:44.698 UTC. */
    private static final Pattern RECORD_START = Pattern.compile("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d");

    private static Path dir;
    private static Path log;
    private static int port;
    private static long postmasterPid = -1;
    private static HikariDataSource dataSource;

    @BeforeAll
    static void startClusterAndMigrate() throws Exception {
        assumeTrue(Files.isExecutable(BIN.resolve("initdb")), "PostgreSQL 15 is not installed at " + BIN);
        assumeTrue(Files.exists(PGAUDIT_LIBRARY), "pgaudit for PostgreSQL 15 is not installed (postgresql-15-pgaudit)");
        dir = Files.createTempDirectory("pgaudit-");
        Path data = dir.resolve("data");
        log = dir.resolve("postgres.log");
        if (ROOT) {
            UserPrincipal postgres = dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("postgres");
            Files.setOwner(dir, postgres);
        }
        run(BIN.resolve("initdb").toString(), "-D", data.toString(), "-U", "postgres", "--auth=trust", "-E", "UTF8",
                "--locale=C", "--no-sync");
        // As an operator would: the file next to postgresql.conf, included from it.
        Files.copy(CONF, data.resolve("pgaudit.conf"));
        port = freePort();
        Files.writeString(data.resolve("postgresql.conf"), """

                port = %d
                listen_addresses = '127.0.0.1'
                unix_socket_directories = '%s'
                fsync = off
                include 'pgaudit.conf'
                """.formatted(port, dir), StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        run(BIN.resolve("pg_ctl").toString(), "-D", data.toString(), "-l", log.toString(), "-w", "-t", "60", "start");
        postmasterPid = Long.parseLong(Files.readAllLines(data.resolve("postmaster.pid")).get(0).trim());

        dataSource = Database.pool("jdbc:postgresql://127.0.0.1:" + port + "/postgres", "postgres", "", "public", 2, 10_000);
        Database.migrate(dataSource, "public");
        runAsIs(BIN.resolve("psql").toString(), "-h", "127.0.0.1", "-p", Integer.toString(port), "-U", "postgres", "-d", "postgres",
                "-v", "ON_ERROR_STOP=1", "-q", "-f", SETUP.toAbsolutePath().toString());
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (dataSource != null) {
            dataSource.close();
        }
        if (postmasterPid > 0) {
            // SIGTERM: a smart shutdown, immediate once the pool's connections are closed.
            ProcessHandle.of(postmasterPid).ifPresent(postmaster -> {
                postmaster.destroy();
                postmaster.onExit().orTimeout(60, TimeUnit.SECONDS).join();
            });
        }
        if (dir != null) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
    }

    @Test
    void theMigrationsDdlIsInTheLogAsSessionAuditRecords() throws Exception {
        // Statements the migrations ran before pgaudit-setup.sql created the extension name no object (",,,"): the
        // statement text, comments first, says what it created.
        assertThat(auditRecords())
                .anyMatch(record -> record.contains("AUDIT: SESSION,") && record.contains(",DDL,CREATE TABLE,")
                                    && record.contains("CREATE TABLE api_tokens ("))
                .anyMatch(record -> record.contains("AUDIT: SESSION,") && record.contains(",DDL,CREATE TABLE,")
                                    && record.contains("CREATE TABLE validation_requests ("));
    }

    @Test
    void theAuditorRoleAndItsGrantsAreInTheLogAsRoleAuditRecords() throws Exception {
        assertThat(auditRecords()).anyMatch(record -> record.contains(",ROLE,CREATE ROLE,") && record.contains("CREATE ROLE rate_auditor"))
                .anyMatch(record -> record.contains(",ROLE,GRANT,") && record.contains("TO rate_auditor"));
    }

    @Test
    void aTokenInsertIsInTheLogAsAnObjectAuditRecordWithoutItsValues() throws Exception {
        ApiTokenStore tokens = new ApiTokenStore(dataSource, new AuditLog(dataSource));
        ApiTokenStore.IssuedToken issued = tokens.create("pgaudit-test", List.of(Scopes.MONITORING_READ), null, "cli:pgaudit-test");

        List<String> records = await().atMost(Duration.ofSeconds(10)).until(PgauditTest::auditRecords,
                found -> found.stream().anyMatch(record -> record.contains("AUDIT: OBJECT,")
                                                           && record.contains(",WRITE,INSERT,TABLE,public.api_tokens,\"INSERT INTO api_tokens")));
        assertThat(records).anyMatch(record -> record.contains("AUDIT: OBJECT,") && record.contains(",WRITE,INSERT,TABLE,public.audit_log,"));
        assertThat(String.join("\n", records)).doesNotContain(ApiTokens.hash(issued.token())).doesNotContain("pgaudit-test");
    }

    /** The server log's pgaudit records; a record goes on over the following lines until the next time-stamped one. */
    private static List<String> auditRecords() throws IOException {
        List<String> records = new ArrayList<>();
        StringBuilder record = new StringBuilder();
        for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
            if (RECORD_START.matcher(line).lookingAt()) {
                addIfAudit(records, record);
                record.setLength(0);
            }
            record.append(line).append('\n');
        }
        addIfAudit(records, record);
        return records;
    }

    private static void addIfAudit(List<String> records, StringBuilder record) {
        if (record.indexOf("AUDIT: ") >= 0) {
            records.add(record.toString());
        }
    }

    /** Runs a PostgreSQL program as the cluster's owner: the postgres user when this JVM is root. */
    private static void run(String... command) throws Exception {
        List<String> line = new ArrayList<>();
        if (ROOT) {
            line.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        line.addAll(List.of(command));
        runAsIs(line.toArray(String[]::new));
    }

    private static void runAsIs(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
