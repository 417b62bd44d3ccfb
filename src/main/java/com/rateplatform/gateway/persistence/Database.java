package com.rateplatform.gateway.persistence;

import java.sql.SQLException;
import java.util.Map;

import javax.net.ssl.SSLException;
import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.output.MigrateResult;
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

    /**
     * Applies the SQL files of {@code sql/} (packaged as classpath:db/migration) in order. A database it cannot reach is
     * logged with the driver's reason (a refused TLS certificate, a wrong password), not the pool's bare timeout.
     */
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
        MigrateResult result;
        try {
            result = flyway.migrate();
        } catch (FlywayException e) {
            String message = "Cannot apply the migrations to schema '" + schema + "': " + reason(e);
            LOG.error(message);
            throw new IllegalStateException(message, e);
        }
        // The version from the migration's own result: flyway.info() would scan and compare every migration again.
        String version = result.targetSchemaVersion != null ? result.targetSchemaVersion : result.initialSchemaVersion;
        LOG.info("Database schema '{}' at version {} ({} migration(s) applied now)", schema, version == null ? "none" : version,
                result.migrationsExecuted);
    }

    /**
     * Why PostgreSQL could not be used: the driver's own message (HikariCP's "Connection is not available, request timed
     * out" hides it as its cause), with what to check when TLS refused the server.
     */
    public static String reason(Throwable failure) {
        String reason = failure.getMessage();
        boolean tls = false;
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException && cause.getClass().getName().startsWith("org.postgresql.")) {
                reason = cause.getMessage();
            }
            tls |= cause instanceof SSLException;
        }
        return tls ? reason + " (TLS: with sslmode=verify-full, sslrootcert in DB_URL must name the authority that signed the"
                              + " server's certificate, and the certificate must name the host of DB_URL)" : reason;
    }
}
