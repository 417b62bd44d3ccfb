package com.rateplatform.gateway.support;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

import com.rateplatform.gateway.archive.S3ArchiveCopy;

/**
 * An S3-compatible server of the test's own: npm's s3rver on a free loopback port, its data in a temporary directory,
 * with one bucket; stopped (by its PID) and its data deleted on close. s3rver checks SigV4 signatures with its fixed
 * key pair. Installed with npm into ~/.cache/rate-gateway when missing; skipped where npm is not on the PATH either.
 */
public final class LocalS3Server implements AutoCloseable {

    public static final String VERSION = "3.7.1";
    public static final String ACCESS_KEY_ID = "S3RVER";
    public static final String SECRET_ACCESS_KEY = "S3RVER";
    private static final Path HOME = Path.of(System.getProperty("user.home"), ".cache", "rate-gateway", "s3rver-" + VERSION);
    private static final Path BIN = HOME.resolve("node_modules/.bin/s3rver");

    private final Process process;
    private final Path dataDir;
    private final int port;
    private final String bucket;
    private final boolean tls;

    private LocalS3Server(Process process, Path dataDir, int port, String bucket, boolean tls) {
        this.process = process;
        this.dataDir = dataDir;
        this.port = port;
        this.bucket = bucket;
        this.tls = tls;
    }

    /** Starts a server holding the (empty) bucket, on plain HTTP, and waits until it takes connections. */
    public static LocalS3Server start(String bucket) throws IOException, InterruptedException {
        return start(bucket, false);
    }

    /**
     * Starts one on HTTPS, with a self-signed certificate for 127.0.0.1 made by openssl (for clients that speak only
     * HTTPS to S3, such as pgBackRest 2.45; they must skip verifying it).
     */
    public static LocalS3Server startWithTls(String bucket) throws IOException, InterruptedException {
        Assumptions.assumeTrue(Shell.onPath("openssl"), "needs openssl for a certificate");
        return start(bucket, true);
    }

    private static LocalS3Server start(String bucket, boolean tls) throws IOException, InterruptedException {
        install();
        Path dataDir = Files.createTempDirectory("s3rver");
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Files.createDirectories(dataDir.resolve("data"));
        List<String> command = new ArrayList<>(List.of(BIN.toString(), "--directory",
                dataDir.resolve("data").toString(), "--address", "127.0.0.1", "--port", Integer.toString(port), "--configure-bucket", bucket));
        if (tls) {
            Path key = dataDir.resolve("key.pem");
            Path cert = dataDir.resolve("cert.pem");
            Shell.run("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key.toString(), "-out", cert.toString(),
                    "-days", "1", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1");
            command.addAll(List.of("--key", key.toString(), "--cert", cert.toString()));
        }
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true).redirectOutput(dataDir.resolve("s3rver.log").toFile()).start();
        LocalS3Server server = new LocalS3Server(process, dataDir, port, bucket, tls);
        int listening = port;
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", listening), 200);
                return true;
            }
        });
        return server;
    }

    private static synchronized void install() throws IOException, InterruptedException {
        if (Files.isExecutable(BIN)) {
            return;
        }
        Assumptions.assumeTrue(Shell.onPath("npm"), "needs s3rver at " + BIN + ", or npm to install it");
        Files.createDirectories(HOME);
        Process npm = new ProcessBuilder("npm", "install", "--no-audit", "--no-fund", "--prefix", HOME.toString(), "s3rver@" + VERSION)
                .redirectErrorStream(true).redirectOutput(HOME.resolve("npm-install.log").toFile()).start();
        if (!npm.waitFor(5, TimeUnit.MINUTES) || npm.exitValue() != 0 || !Files.isExecutable(BIN)) {
            throw new IllegalStateException("npm install s3rver@" + VERSION + " failed; see " + HOME.resolve("npm-install.log"));
        }
    }

    public String endpoint() {
        return (tls ? "https" : "http") + "://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public String bucket() {
        return bucket;
    }

    /** The application's settings for this server, with another bucket or key prefix as the test needs. */
    public S3ArchiveCopy.Settings settings(String bucketName, String keyPrefix) {
        return new S3ArchiveCopy.Settings(endpoint(), "us-east-1", bucketName, keyPrefix, true, ACCESS_KEY_ID, SECRET_ACCESS_KEY,
                Duration.ofSeconds(5), Duration.ofSeconds(30));
    }

    /** A client of its own for the test's assertions. */
    public S3Client client() {
        return S3Client.builder().httpClient(UrlConnectionHttpClient.create()).region(Region.US_EAST_1)
                .endpointOverride(URI.create(endpoint())).forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY_ID, SECRET_ACCESS_KEY)))
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .build();
    }

    /** Stops the server (SIGTERM to its PID, SIGKILL after 10 s), keeping its data directory: {@link #close} deletes it. */
    public void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        stop();
        try (var files = Files.walk(dataDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }
}
