package com.rateplatform.gateway.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * A PostgreSQL 15 cluster of the test's own: initdb into a temporary directory, its own free loopback port and socket
 * directory, trust authentication for the user postgres. PostgreSQL refuses to run as root, so when the tests run as
 * root the cluster's files belong to, and its programs run as, the OS user postgres. {@link #close} stops it
 * (immediate) and deletes its directory. Needs Debian's postgresql-15 binaries.
 */
public final class LocalPostgres implements AutoCloseable {

    private static final Path BIN = Path.of("/usr/lib/postgresql/15/bin");

    private final Path dir;
    private final int port;
    private final String osUser;

    private LocalPostgres(Path dir, int port, String osUser) {
        this.dir = dir;
        this.port = port;
        this.osUser = osUser;
    }

    public static boolean available() {
        return Files.isExecutable(BIN.resolve("initdb")) && Files.isExecutable(BIN.resolve("pg_ctl"));
    }

    /** A new cluster (not started) with {@code settings} added to its postgresql.conf. */
    public static LocalPostgres initdb(Map<String, String> settings) throws IOException {
        String osUser = Shell.isRoot() ? "postgres" : System.getProperty("user.name");
        Path dir = Files.createTempDirectory("pg-own-");
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        LocalPostgres cluster = new LocalPostgres(dir, port, osUser);
        cluster.giveToOwner(dir);
        Shell.run(Shell.as(osUser, BIN.resolve("initdb").toString(), "-D", cluster.dataDir().toString(), "-U", "postgres",
                "-A", "trust", "-E", "UTF8", "--no-instructions"), Map.of());
        StringBuilder conf = new StringBuilder("\n# the test's own cluster\nport = " + port
                + "\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '" + dir + "'\n");
        settings.forEach((key, value) -> conf.append(key).append(" = '").append(value.replace("'", "''")).append("'\n"));
        Files.writeString(cluster.dataDir().resolve("postgresql.conf"), conf, java.nio.file.StandardOpenOption.APPEND);
        return cluster;
    }

    /** Makes a file or folder the test wrote in {@link #dir} the cluster owner's. */
    public void giveToOwner(Path path) throws IOException {
        if (Shell.isRoot()) {
            Files.setOwner(path, FileSystems.getDefault().getUserPrincipalLookupService().lookupPrincipalByName(osUser));
        }
    }

    /** Its folder: the data directory, its log, its socket; room for the test's files too. */
    public Path dir() {
        return dir;
    }

    public Path dataDir() {
        return dir.resolve("data");
    }

    public int port() {
        return port;
    }

    /** The OS user its files belong to and its programs run as. */
    public String osUser() {
        return osUser;
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    }

    /** Starts it and waits until it takes connections (after any recovery up to a consistent state). */
    public void start() throws IOException {
        Path log = dir.resolve("postgres.log");
        try {
            Shell.run(Shell.as(osUser, BIN.resolve("pg_ctl").toString(), "-D", dataDir().toString(), "-l", log.toString(),
                    "-w", "-t", "120", "start"), Map.of());
        } catch (IllegalStateException e) {
            List<String> lines = Files.exists(log) ? Files.readAllLines(log) : List.of();
            throw new IllegalStateException(e.getMessage() + "\nEnd of " + log + ":\n"
                                            + String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size())), e);
        }
    }

    /** Stops it at once, as a crash would (no shutdown checkpoint). */
    public void crash() {
        if (Files.exists(dataDir().resolve("postmaster.pid"))) {
            Shell.run(Shell.as(osUser, BIN.resolve("pg_ctl").toString(), "-D", dataDir().toString(), "-m", "immediate", "-w", "stop"), Map.of());
        }
    }

    /** The data directory is gone: what a lost disk leaves. Stops the server first. */
    public void destroyDataDirectory() throws IOException {
        crash();
        delete(dataDir());
    }

    /** Runs statements that return nothing (DDL, INSERT ...). */
    public void execute(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbcUrl(), "postgres", ""); java.sql.Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /**
     * The one value a query returns, as text; a {@code Collection} argument is bound as a text array (for
     * {@code = ANY (?)}).
     */
    public String query(String sql, Object... args) throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbcUrl(), "postgres", "");
             PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                if (args[i] instanceof java.util.Collection<?> values) {
                    ps.setArray(i + 1, c.createArrayOf("text", values.toArray()));
                } else {
                    ps.setObject(i + 1, args[i]);
                }
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    /**
     * Stops it and deletes its folder. pgBackRest's asynchronous archive-push, started by the server, may still write
     * its last files into the folder for a moment after the server stopped, so the deletion is repeated until it holds.
     */
    @Override
    public void close() throws IOException {
        try {
            crash();
        } finally {
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() -> {
                delete(dir);
                return !Files.exists(dir);
            });
        }
    }

    private static void delete(Path path) throws IOException {
        if (Files.exists(path)) {
            try (var files = Files.walk(path)) {
                files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
            }
        }
    }
}
