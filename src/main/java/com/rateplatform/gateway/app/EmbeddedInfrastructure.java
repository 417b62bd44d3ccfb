package com.rateplatform.gateway.app;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.LinkedHashMap;
import java.util.Map;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.embedded.RedisServer;

/**
 * Redis and PostgreSQL started in-process for the one-command run and for tests, when no server is configured.
 * Each takes a free loopback port: a machine may already run real servers on 6379 and 5432.
 */
public final class EmbeddedInfrastructure implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedInfrastructure.class);

    private final Map<String, String> properties = new LinkedHashMap<>();
    private RedisServer redis;
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
            }
        } catch (IOException | RuntimeException e) {
            infrastructure.close();
            throw e;
        }
        return infrastructure;
    }

    /** Properties that point the application at the embedded servers (empty when none were started). */
    public Map<String, String> properties() {
        return Map.copyOf(properties);
    }

    private void startRedis() throws IOException {
        int port = freePort();
        redis = RedisServer.newRedisServer()
                .port(port)
                .bind("127.0.0.1")
                .setting("save \"\"")
                .setting("appendonly no")
                .build();
        redis.start();
        properties.put("rate.redis.url", "redis://127.0.0.1:" + port);
        LOG.info("REDIS_URL is not set: started an embedded Redis on 127.0.0.1:{} (data is lost on exit)", port);
    }

    private void startPostgres() throws IOException {
        postgres = EmbeddedPostgres.builder().start();
        properties.put("rate.db.url", postgres.getJdbcUrl("postgres", "postgres"));
        properties.put("rate.db.user", "postgres");
        properties.put("rate.db.password", "");
        properties.put("rate.db.embedded", "true");
        if (System.getenv("DEMO_ENABLED") == null) {
            // The one-command run is for trying the gateway out: the demo page is on unless DEMO_ENABLED says otherwise.
            properties.put("rate.push.demo-enabled", "true");
        }
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

    @Override
    public void close() throws IOException {
        if (redis != null) {
            redis.stop();
            redis = null;
        }
        if (postgres != null) {
            postgres.close();
            postgres = null;
        }
    }
}
