package com.rateplatform.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.util.UUID;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.rateplatform.gateway.persistence.Database;
import com.rateplatform.gateway.support.TestServers;

/** The one-command run gets a token with every scope; no other start ever creates one. Runs in a schema of its own. */
class DevelopmentTokenTest {

    private static final String SCHEMA = "rg_devtoken_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private static HikariDataSource dataSource;
    private static ApiTokenStore store;

    @BeforeAll
    static void migrate() {
        TestServers servers = TestServers.get();
        dataSource = Database.pool(servers.dbUrl(), servers.dbUser(), servers.dbPassword(), SCHEMA, 2, 5_000);
        Database.migrate(dataSource, SCHEMA);
        store = new ApiTokenStore(dataSource, new AuditLog(dataSource));
    }

    @BeforeEach
    void noTokens() throws Exception {
        try (Connection c = dataSource.getConnection(); Statement delete = c.createStatement()) {
            delete.execute("DELETE FROM api_tokens");
        }
    }

    @AfterAll
    static void dropSchema() throws Exception {
        dataSource.close();
        TestServers servers = TestServers.get();
        try (Connection c = DriverManager.getConnection(servers.dbUrl(), servers.dbUser(), servers.dbPassword());
             Statement drop = c.createStatement()) {
            drop.execute("DROP SCHEMA " + SCHEMA + " CASCADE");
        }
    }

    @Test
    void embeddedDatabaseWithoutAnyCredentialsGetsATokenWithEveryScope() throws Exception {
        DevelopmentToken.issueIfNeeded(true, false, store, Clock.systemUTC());

        assertThat(store.list()).singleElement().satisfies(token -> {
            assertThat(token.name()).isEqualTo("development");
            assertThat(token.scopes()).containsExactlyElementsOf(Scopes.ALL);
            assertThat(token.expiresAt()).isNotNull();
        });
    }

    @Test
    void configuredDatabaseNeverGetsOne() throws Exception {
        DevelopmentToken.issueIfNeeded(false, false, store, Clock.systemUTC());

        assertThat(store.list()).isEmpty();
    }

    @Test
    void configuredJwtKeyMeansNoneIsNeeded() throws Exception {
        DevelopmentToken.issueIfNeeded(true, true, store, Clock.systemUTC());

        assertThat(store.list()).isEmpty();
    }
}
