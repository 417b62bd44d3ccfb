package com.rateplatform.gateway.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;

import com.rateplatform.gateway.app.EmbeddedInfrastructure;

/**
 * The real Redis and PostgreSQL every test runs against: the servers named by REDIS_URL / DB_URL (DB_USER,
 * DB_PASSWORD) when set, embedded ones otherwise. One per test JVM. Each JVM works in a schema of its own, dropped
 * at exit, and each running gateway in a Redis key prefix of its own, so runs never see each other's data.
 */
public final class TestServers {

    private static TestServers instance;
    private static final java.util.Set<String> PREFIXES = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private static final java.util.Set<String> SCHEMAS = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private final String redisUrl;
    private final String dbUrl;
    private final String dbUser;
    private final String dbPassword;
    private final String schema = "rg_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private final RedisClient redisClient;
    private final StatefulRedisConnection<String, String> redisConnection;

    private TestServers() {
        Map<String, String> env = System.getenv();
        EmbeddedInfrastructure embedded;
        try {
            embedded = EmbeddedInfrastructure.startMissing(env);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> props = embedded.properties();
        redisUrl = props.getOrDefault("rate.redis.url", env.get("REDIS_URL"));
        dbUrl = props.getOrDefault("rate.db.url", env.get("DB_URL"));
        dbUser = props.getOrDefault("rate.db.user", env.getOrDefault("DB_USER", "postgres"));
        dbPassword = props.getOrDefault("rate.db.password", env.getOrDefault("DB_PASSWORD", ""));
        redisClient = RedisClient.create(redisUrl);
        redisConnection = redisClient.connect();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            dropSchema();
            deleteTestKeys();
            redisConnection.close();
            redisClient.shutdown();
            try {
                embedded.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, "test-servers-cleanup"));
    }

    public static synchronized TestServers get() {
        if (instance == null) {
            instance = new TestServers();
        }
        return instance;
    }

    public String redisUrl() {
        return redisUrl;
    }

    public String dbUrl() {
        return dbUrl;
    }

    public String dbUser() {
        return dbUser;
    }

    public String dbPassword() {
        return dbPassword;
    }

    public String schema() {
        return schema;
    }

    /** A Redis connection for assertions (keys are absolute: add the prefix yourself). */
    public RedisCommands<String, String> redis() {
        return redisConnection.sync();
    }

    /** Redis's client connections named {@code clientName} (CLIENT SETNAME), as CLIENT LIST lines. */
    public java.util.List<String> redisClientsNamed(String clientName) {
        return redis().clientList().lines().filter(c -> c.contains(" name=" + clientName + " ")).toList();
    }

    /**
     * Kills the Redis client connections named {@code clientName}, and only those: other runs share this Redis.
     *
     * @return how many were killed
     */
    public long killRedisClientsNamed(String clientName) {
        return redisClientsNamed(clientName).stream()
                .map(c -> c.substring(c.indexOf("id=") + 3, c.indexOf(' ')))
                .mapToLong(id -> redis().clientKill(io.lettuce.core.KillArgs.Builder.id(Long.parseLong(id))))
                .sum();
    }

    /** A JDBC connection in the test schema; close it. */
    public Connection jdbc() throws SQLException {
        return jdbc(schema);
    }

    /** A JDBC connection in the given schema; close it. */
    public Connection jdbc(String schemaName) throws SQLException {
        Connection connection = DriverManager.getConnection(dbUrl, dbUser, dbPassword);
        connection.setSchema(schemaName);
        return connection;
    }

    /**
     * A schema name of its own (the application creates and migrates it at start; dropped at exit), for a test whose
     * gateways must not see the requests other tests leave in the shared schema — a reconciler would republish them.
     */
    public static String isolatedSchema() {
        String name = "rg_iso_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        SCHEMAS.add(name);
        return name;
    }

    /**
     * The single number a query returns, in the test schema. A {@code Collection} argument is bound as a text array
     * (for {@code = ANY (?)}).
     */
    public long count(String sql, Object... args) throws SQLException {
        return countIn(schema, sql, args);
    }

    /** {@link #count} in another schema. */
    public long countIn(String schemaName, String sql, Object... args) throws SQLException {
        try (Connection c = jdbc(schemaName); java.sql.PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                if (args[i] instanceof java.util.Collection<?> values) {
                    ps.setArray(i + 1, c.createArrayOf("text", values.toArray()));
                } else {
                    ps.setObject(i + 1, args[i]);
                }
            }
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** A redis-stream component on the test Redis, with its own key prefix, for tests that build their own routes. */
    public com.rateplatform.gateway.stream.RedisStreamComponent streamComponent(String prefix, String consumerName) {
        com.rateplatform.gateway.stream.RedisStreamComponent component = new com.rateplatform.gateway.stream.RedisStreamComponent();
        component.setUrl(redisUrl);
        component.setKeyPrefix(prefix);
        component.getConfiguration().setConsumerName(consumerName);
        return component;
    }

    /** A Redis key prefix no other test uses. */
    public static String uniquePrefix(String testName) {
        String prefix = "test:" + testName + ":" + UUID.randomUUID().toString().substring(0, 8) + ":";
        PREFIXES.add(prefix);
        return prefix;
    }

    /** Removes every Redis key under the prefixes this JVM handed out: tests leave nothing behind in a shared Redis. */
    private void deleteTestKeys() {
        for (String prefix : PREFIXES) {
            io.lettuce.core.ScanCursor cursor = io.lettuce.core.ScanCursor.INITIAL;
            do {
                io.lettuce.core.KeyScanCursor<String> page = redis().scan(cursor, io.lettuce.core.ScanArgs.Builder.matches(prefix + "*").limit(1000));
                if (!page.getKeys().isEmpty()) {
                    redis().del(page.getKeys().toArray(new String[0]));
                }
                cursor = page;
            } while (!cursor.isFinished());
        }
    }

    private void dropSchema() {
        SCHEMAS.add(schema);
        for (String name : SCHEMAS) {
            try (Connection connection = DriverManager.getConnection(dbUrl, dbUser, dbPassword);
                 Statement statement = connection.createStatement()) {
                statement.execute("DROP SCHEMA IF EXISTS " + name + " CASCADE");
            } catch (SQLException e) {
                System.err.println("Could not drop test schema " + name + ": " + e.getMessage());
            }
        }
    }
}
