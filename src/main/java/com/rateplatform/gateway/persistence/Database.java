package com.rateplatform.gateway.persistence;

import java.util.Map;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The connection pool and the schema migrations. */
public final class Database {

    private static final Logger LOG = LoggerFactory.getLogger(Database.class);

    private Database() {
    }

    /**
     * A pool that gives up quickly: a dead database must turn into a 503 for the client within seconds, not a hang.
     *
     * @param schema schema the application works in (created by the migrations when absent)
     */
    public static HikariDataSource pool(String url, String user, String password, String schema, int maxSize,
                                        long connectionTimeoutMs) {
        return pool(url, user, password, schema, maxSize, connectionTimeoutMs, "rate-gateway");
    }

    /** @param applicationName how the connections show in pg_stat_activity */
    public static HikariDataSource pool(String url, String user, String password, String schema, int maxSize,
                                        long connectionTimeoutMs, String applicationName) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("rate-gateway-db");
        config.setJdbcUrl(url);
        config.setUsername(user);
        config.setPassword(password);
        config.setSchema(schema);
        config.setMaximumPoolSize(maxSize);
        config.setMinimumIdle(1);
        config.setConnectionTimeout(connectionTimeoutMs);
        config.setValidationTimeout(Math.min(connectionTimeoutMs, 2_000));
        // Let the pool start even when the database is down; the health check reports it and requests get 503.
        config.setInitializationFailTimeout(-1);
        config.addDataSourceProperty("reWriteBatchedInserts", "true");
        config.addDataSourceProperty("ApplicationName", applicationName);
        return new HikariDataSource(config);
    }

    /** Applies the SQL files of {@code sql/} (packaged as classpath:db/migration) in order. */
    public static void migrate(DataSource dataSource, String schema) {
        Flyway flyway = Flyway.configure()
                .dataSource(dataSource)
                .schemas(schema)
                .createSchemas(true)
                .locations("classpath:db/migration")
                // A session-level advisory lock instead of one held in an open transaction: CREATE INDEX CONCURRENTLY
                // (V30) waits for every older transaction to end, Flyway's own lock transaction included, for ever.
                .configuration(Map.of("flyway.postgresql.transactional.lock", "false"))
                .load();
        int applied = flyway.migrate().migrationsExecuted;
        LOG.info("Database schema '{}' at version {} ({} migration(s) applied now)", schema,
                flyway.info().current() == null ? "none" : flyway.info().current().getVersion(), applied);
    }
}
