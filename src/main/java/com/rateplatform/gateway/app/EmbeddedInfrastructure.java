package com.rateplatform.gateway.app;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.embedded.RedisServer;

/**
 * Redis and PostgreSQL started in-process for the one-command run and for tests, when no server is configured.
 * Each takes a free loopback port: a machine may already run real servers on 6379 and 5432. They run until
 * {@link #close()}: no JVM shutdown hook of the libraries stops them (on SIGTERM every hook runs at once, and theirs
 * stopped the servers while the gateway was still draining).
 */
public final class EmbeddedInfrastructure implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedInfrastructure.class);
    private static final long REDIS_START_TIMEOUT_MS = 10_000;

    private final Map<String, String> properties = new LinkedHashMap<>();
    private Process redis;
    private EmbeddedPostgres postgres;

    private EmbeddedInfrastructure() {
    }

    /**
     * Starts an embedded Redis when {@code REDIS_URL} is unset and an embedded PostgreSQL when {@code DB_URL} is unset.
     *
     * @param env the environment to read (System.getenv() in production)
     */
    public static EmbeddedInfrastructure startMissing(Map<String, String> env) throws IOException {
        EmbeddedInfrastructure infrastructure = new EmbeddedInfrastructure();
        try {
            if (isBlank(env.get("REDIS_URL"))) {
                infrastructure.startRedis();
            }
            if (isBlank(env.get("DB_URL"))) {
                infrastructure.startPostgres();
                infrastructure.properties.putAll(DevelopmentRun.settings(env));
            }
        } catch (IOException | RuntimeException e) {
            infrastructure.close();
            throw e;
        }
        return infrastructure;
    }

    /**
     * Properties that point the application at the embedded servers (empty when none were started); with an embedded
     * PostgreSQL, the {@link DevelopmentRun} settings as well.
     */
    public Map<String, String> properties() {
        return Map.copyOf(properties);
    }

    private void startRedis() throws IOException {
        int port = freePort();
        // The library provides the binary and its command line; the process is ours, so that no JVM shutdown hook of
        // the library stops it while the gateway still drains (see close()).
        List<String> command = RedisServer.newRedisServer()
                .port(port)
                .bind("127.0.0.1")
                .setting("save \"\"")
                .setting("appendonly no")
                .buildCommandArgs();
        redis = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        awaitListening(port, redis);
        properties.put("rate.redis.url", "redis://127.0.0.1:" + port);
        properties.put("rate.redis.embedded", "true");
        LOG.info("REDIS_URL is not set: started an embedded Redis on 127.0.0.1:{} (data is lost on exit)", port);
    }

    private static void awaitListening(int port, Process process) throws IOException {
        long deadline = System.currentTimeMillis() + REDIS_START_TIMEOUT_MS;
        while (true) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                if (!process.isAlive() || System.currentTimeMillis() > deadline) {
                    process.destroyForcibly();
                    throw new IOException("The embedded Redis did not start on port " + port
                                          + (process.isAlive() ? " in time" : " (it exited)"), notYet);
                }
                LockSupport.parkNanos(50_000_000L); // a few polls while redis-server starts
            }
        }
    }

    private void startPostgres() throws IOException {
        // Stopped by close(), after the application: a JVM hook of its own would kill it while routes still drain.
        postgres = EmbeddedPostgres.builder().setRegisterShutdownHook(false).start();
        properties.put("rate.db.url", postgres.getJdbcUrl("postgres", "postgres"));
        properties.put("rate.db.user", "postgres");
        properties.put("rate.db.password", "");
        properties.put("rate.db.embedded", "true");
        LOG.info("DB_URL is not set: started an embedded PostgreSQL on 127.0.0.1:{} (data is lost on exit)", postgres.getPort());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    /**
     * Stops the servers at JVM exit, SIGTERM included, once {@code applicationStopped} opens (or after
     * {@code maxWait}): a hook of our own, because the JVM halts when its hooks return, and the application's own stop
     * runs in one of them.
     */
    public void stopAtExitAfter(CountDownLatch applicationStopped, Duration maxWait) {
        if (redis == null && postgres == null) {
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                applicationStopped.await(maxWait.toMillis(), TimeUnit.MILLISECONDS);
                close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException | RuntimeException e) {
                LOG.warn("Stopping the embedded servers failed: {}", e.toString());
            }
        }, "embedded-servers-stop"));
    }

    /** Stops the servers; whoever started them calls it once nothing uses them any more (safe to call twice). */
    @Override
    public synchronized void close() throws IOException {
        if (redis != null) {
            redis.destroy(); // SIGTERM: redis-server exits at once (nothing to save)
            try {
                if (!redis.waitFor(5, TimeUnit.SECONDS)) {
                    redis.destroyForcibly();
                }
            } catch (InterruptedException e) {
                redis.destroyForcibly();
                Thread.currentThread().interrupt();
            }
            redis = null;
        }
        if (postgres != null) {
            postgres.close();
            postgres = null;
        }
    }
}
