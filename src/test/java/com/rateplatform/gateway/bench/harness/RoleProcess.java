package com.rateplatform.gateway.bench.harness;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import com.rateplatform.gateway.support.AppProcess;

/**
 * One role of the application ({@code ROLES=gateway} or {@code ROLES=worker}) in an OS process of its own, started as
 * production starts it (environment only, {@link AppProcess}), so that its CPU time can be read from /proc apart from
 * the other role's and the load generator's. Start to ready is the time from launching the JVM to the first 200 of
 * {@code /api/health/ready}.
 */
public final class RoleProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);

    private final String role;
    private final String heap;
    private final AppProcess app;
    private final double startToReadySeconds;

    private RoleProcess(String role, String heap, AppProcess app, double startToReadySeconds) {
        this.role = role;
        this.heap = heap;
        this.app = app;
        this.startToReadySeconds = startToReadySeconds;
    }

    /**
     * Launches {@code role} with {@code -Xmx<heap>} and the environment, and waits until it is ready.
     *
     * @param env everything but the role, servers and port: DB_SCHEMA, STREAM_PREFIX, limits, ...; CONSUMER_NAME
     *            when several processes of one role share a stream (default {@code bench-<role>})
     */
    public static RoleProcess start(String role, String heap, Map<String, String> env, Path log) throws IOException, InterruptedException {
        Map<String, String> environment = new HashMap<>(env);
        environment.put("ROLES", role);
        environment.putIfAbsent("CONSUMER_NAME", "bench-" + role);
        environment.put("DB_APPLICATION_NAME", Harness.APPLICATION_NAME + "-" + role);
        long launched = System.nanoTime();
        AppProcess app = AppProcess.launch(log, heap, environment);
        long deadline = launched + START_TIMEOUT.toNanos();
        while (!ready(app)) {
            if (!app.isAlive() || System.nanoTime() > deadline) {
                app.terminate();
                throw new IllegalStateException(role + " did not become ready; see " + log);
            }
            Thread.sleep(20);
        }
        return new RoleProcess(role, heap, app, (System.nanoTime() - launched) / 1e9);
    }

    private static boolean ready(AppProcess app) throws InterruptedException {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(app.url("/api/health/ready"))).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        }
    }

    String role() {
        return role;
    }

    String heap() {
        return heap;
    }

    public long pid() {
        return app.pid();
    }

    int port() {
        return app.port();
    }

    public String url(String path) {
        return app.url(path);
    }

    public double startToReadySeconds() {
        return startToReadySeconds;
    }

    /** SIGTERM, as an orchestrator stops it. */
    @Override
    public void close() throws InterruptedException {
        app.close();
    }
}
