package com.rateplatform.gateway.support;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

import com.zaxxer.hikari.HikariDataSource;

import com.rateplatform.gateway.persistence.Database;

/** An empty schema of its own, migrated by the application's migrations, dropped on close. */
public final class FreshSchema implements AutoCloseable {

    private final String name = "rg_fresh_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private final HikariDataSource dataSource;

    public FreshSchema() {
        TestServers servers = TestServers.get();
        dataSource = Database.pool(servers.dbUrl(), servers.dbUser(), servers.dbPassword(), name, 4, 3_000);
        Database.migrate(dataSource, name);
    }

    public HikariDataSource dataSource() {
        return dataSource;
    }

    public String name() {
        return name;
    }

    @Override
    public void close() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA " + name + " CASCADE");
        } finally {
            dataSource.close();
        }
    }
}
