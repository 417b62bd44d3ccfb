package com.rateplatform.gateway.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A PostgreSQL cluster of a test's own (initdb and pg_ctl of the machine's PostgreSQL, on a free loopback port, in a
 * temporary directory) that takes TLS connections only ({@code ssl = on}, {@code hostssl} lines alone in pg_hba.conf),
 * with the server certificate of {@link TestCertificates}. PostgreSQL refuses to run as root: as root, the cluster's
 * files belong to the {@code postgres} user and its programs run as that user ({@code runuser -u postgres --}).
 * Stopped with {@code pg_ctl stop -m fast} (the postmaster's process id, from its pid file), the directory removed.
 */
public final class TlsPostgres implements AutoCloseable {

    private static final String OS_USER = "postgres";

    private final Path binaries;
    private final Path root;
    private final int port;

    private TlsPostgres(Path binaries, Path root, int port) {
        this.binaries = binaries;
        this.root = root;
        this.port = port;
    }

    /** The directory of initdb and pg_ctl, newest PostgreSQL first, if there is one. */
    public static Optional<Path> binaries() {
        Path installed = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(installed)) {
            return Optional.empty();
        }
        try (Stream<Path> versions = Files.list(installed)) {
            return versions.map(v -> v.resolve("bin")).filter(bin -> Files.isExecutable(bin.resolve("initdb")))
                    .max(Comparator.comparing(bin -> Integer.parseInt(bin.getParent().getFileName().toString().replaceAll("\\D", "0"))));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** initdb, TLS configuration, start; returns once the server accepts connections. */
    public static TlsPostgres start(Path binaries, TestCertificates certificates) throws IOException, InterruptedException {
        Path root = Files.createTempDirectory("tls-postgres");
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
        TlsPostgres postgres = new TlsPostgres(binaries, root, AppProcess.freePort());
        Path data = postgres.data();
        Files.copy(certificates.certificate(), root.resolve("server.crt"));
        Files.copy(certificates.key(), root.resolve("server.key"));
        Files.setPosixFilePermissions(root.resolve("server.key"), PosixFilePermissions.fromString("rw-------"));
        postgres.chownToPostgres(root);
        postgres.run(binaries.resolve("initdb").toString(), "-D", data.toString(), "-U", "postgres", "-A", "trust", "-E", "UTF8",
                "--no-sync", "--no-instructions");
        Files.writeString(data.resolve("postgresql.conf"), String.join("\n",
                "listen_addresses = '127.0.0.1'",
                "port = " + postgres.port,
                "unix_socket_directories = '" + root + "'",
                "ssl = on",
                "ssl_cert_file = '" + root.resolve("server.crt") + "'",
                "ssl_key_file = '" + root.resolve("server.key") + "'",
                "fsync = off",
                "max_connections = 50",
                ""), StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
        // TLS or nothing over TCP: a client that does not ask for it finds no matching line and is refused.
        Files.writeString(data.resolve("pg_hba.conf"), "local all all trust\nhostssl all all 127.0.0.1/32 trust\n");
        postgres.chownToPostgres(root);
        postgres.run(binaries.resolve("pg_ctl").toString(), "-D", data.toString(), "-l", root.resolve("postgres.log").toString(),
                "-w", "-t", "60", "start");
        return postgres;
    }

    public int port() {
        return port;
    }

    /** The server's log, for a failed test's message. */
    public String log() throws IOException {
        return Files.readString(root.resolve("postgres.log"));
    }

    private Path data() {
        return root.resolve("data");
    }

    private void chownToPostgres(Path path) throws IOException, InterruptedException {
        if (isRoot()) {
            exec(List.of("chown", "-R", OS_USER + ":" + OS_USER, path.toString()));
        }
    }

    private void run(String... command) throws IOException, InterruptedException {
        List<String> line = new ArrayList<>();
        if (isRoot()) {
            line.addAll(List.of("runuser", "-u", OS_USER, "--"));
        }
        line.addAll(List.of(command));
        exec(line);
    }

    private static void exec(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(90, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
        }
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    @Override
    public void close() throws IOException, InterruptedException {
        try {
            run(binaries.resolve("pg_ctl").toString(), "-D", data().toString(), "-m", "fast", "-w", "stop");
        } finally {
            try (Stream<Path> files = Files.walk(root)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }
}
