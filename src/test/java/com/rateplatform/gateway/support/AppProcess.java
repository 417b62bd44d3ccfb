package com.rateplatform.gateway.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;

/**
 * The application in a process of its own ({@code java -cp <this class path> RateGatewayApplication}), configured
 * only through its environment as in production, against {@link TestServers}. Its output goes to a log file.
 */
public final class AppProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final Process process;
    private final int port;

    private AppProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /**
     * Starts the process without waiting for it (see {@link #awaitLive()}).
     *
     * @param env variables beyond the servers, schema, port and stream key ({@link TestKeys}): ROLES, STREAM_PREFIX, ...
     */
    public static AppProcess launch(Path log, Map<String, String> env) throws IOException {
        return launch(log, "256m", env);
    }

    /** {@link #launch(Path, Map)} with the given maximum heap ({@code -Xmx}), e.g. {@code 512m}. */
    public static AppProcess launch(Path log, String heap, Map<String, String> env) throws IOException {
        TestServers servers = TestServers.get();
        Map<String, String> environment = new HashMap<>(Map.of("REDIS_URL", servers.redisUrl(), "DB_URL", servers.dbUrl(),
                "DB_USER", servers.dbUser(), "DB_PASSWORD", servers.dbPassword(), "DB_SCHEMA", servers.schema()));
        if (!env.containsKey("STREAM_ENCRYPTION_KEYS_FILE")) {
            environment.put("STREAM_ENCRYPTION_KEYS", TestKeys.SPEC);
        }
        environment.putAll(env);
        return start(log, heap, environment, List.of());
    }

    /** {@link #launch} on a given port: a restarted instance takes its predecessor's place behind a load balancer. */
    public static AppProcess launch(Path log, int port, Map<String, String> env) throws IOException {
        Map<String, String> environment = new HashMap<>(env);
        environment.put("HTTP_PORT", Integer.toString(port));
        return launch(log, environment);
    }

    /** The one-command run: no server configured, so the process starts embedded Redis and PostgreSQL of its own. */
    public static AppProcess launchWithEmbeddedServers(Path log, Map<String, String> env) throws IOException {
        return start(log, "256m", env, List.of("REDIS_URL", "DB_URL", "DB_USER", "DB_PASSWORD", "DB_SCHEMA"));
    }

    private static AppProcess start(Path log, String heap, Map<String, String> env, List<String> unset) throws IOException {
        int port = env.containsKey("HTTP_PORT") ? Integer.parseInt(env.get("HTTP_PORT")) : freePort();
        ProcessBuilder builder = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-Xmx" + heap,
                "-cp", System.getProperty("java.class.path"), "com.rateplatform.gateway.RateGatewayApplication");
        Map<String, String> environment = builder.environment();
        unset.forEach(environment::remove);
        environment.put("HTTP_PORT", Integer.toString(port));
        environment.put("SHUTDOWN_DRAIN_MS", "0");
        environment.putAll(env);
        Files.createDirectories(log.getParent());
        builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        return new AppProcess(builder.start(), port);
    }

    /** Stops it (SIGTERM) and waits up to 30 s for it to end; its exit code. */
    public int terminate() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
        return process.exitValue();
    }

    /** Waits up to 60 s for the process to end by itself (a start that fails); its exit code. */
    public int awaitExit() throws InterruptedException {
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the process is still running after 60 s");
        }
        return process.exitValue();
    }

    /** Waits (up to two minutes: JVMs start slowly on a busy machine) until the process answers its liveness check. */
    public AppProcess awaitLive() {
        Awaitility.await().atMost(Duration.ofSeconds(120)).ignoreExceptions().until(() -> process.isAlive() && HTTP.send(
                HttpRequest.newBuilder(URI.create(url("/api/health/live"))).build(), HttpResponse.BodyHandlers.discarding())
                .statusCode() == 200);
        return this;
    }

    /** A free loopback port (free when asked: take it at once). */
    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** The operating system's id of the process (to read its CPU time from /proc). */
    public long pid() {
        return process.pid();
    }

    public int port() {
        return port;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    /** Stops it as an orchestrator does (SIGTERM), or kills it if it has not ended within 30 s. */
    @Override
    public void close() throws InterruptedException {
        stopAll(this);
    }

    /** Stops several at once: SIGTERM to all, then waits for each (each stop takes seconds). */
    public static void stopAll(AppProcess... processes) throws InterruptedException {
        for (AppProcess app : processes) {
            app.process.destroy();
        }
        for (AppProcess app : processes) {
            if (!app.process.waitFor(30, TimeUnit.SECONDS)) {
                app.process.destroyForcibly().waitFor();
            }
        }
    }
}
