package com.rateplatform.gateway.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;

/**
 * A Redis of a test's own ({@code /usr/bin/redis-server}, 7.0 here, built with TLS) that speaks TLS only: {@code --port 0}
 * and {@code --tls-port} on a free loopback port, with the server certificate of {@link TestCertificates}. Clients need
 * no certificate of their own ({@code --tls-auth-clients no}). Stopped by its process id.
 */
public final class TlsRedis implements AutoCloseable {

    public static final Path REDIS_SERVER = Path.of("/usr/bin/redis-server");

    private final Process process;
    private final int port;

    private TlsRedis(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    public static TlsRedis start(Path workDir, TestCertificates certificates) throws IOException {
        Files.createDirectories(workDir);
        int port = AppProcess.freePort();
        Path log = workDir.resolve("redis.log");
        Process process = new ProcessBuilder(REDIS_SERVER.toString(), "--port", "0", "--tls-port", Integer.toString(port),
                "--bind", "127.0.0.1", "--tls-cert-file", certificates.certificate().toString(),
                "--tls-key-file", certificates.key().toString(), "--tls-ca-cert-file", certificates.authority().toString(),
                "--tls-auth-clients", "no", "--save", "", "--appendonly", "no", "--dir", workDir.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        TlsRedis redis = new TlsRedis(process, port);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !process.isAlive()
                || Files.readString(log).contains("Ready to accept connections"));
        if (!process.isAlive()) {
            throw new IllegalStateException("redis-server did not start with TLS: " + Files.readString(log));
        }
        return redis;
    }

    public int port() {
        return port;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
