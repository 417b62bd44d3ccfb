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
import com.rateplatform.gateway.support.LogCapture;
import com.rateplatform.gateway.support.TestServers;

/**
 * The one-command run gets a token with every scope, logged with where the API listens and its webhook secret; no other
 * start ever creates one. Runs in a schema of its own.
 */
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
        DevelopmentToken.issueIfNeeded(true, false, "127.0.0.1", "", store, Clock.systemUTC());

        assertThat(store.list()).singleElement().satisfies(token -> {
            assertThat(token.name()).isEqualTo("development");
            assertThat(token.scopes()).containsExactlyElementsOf(Scopes.ALL);
            assertThat(token.expiresAt()).isNotNull();
        });
    }

    @Test
    void theTokensLogLineSaysTheApiListensOnLoopbackOnly() throws Exception {
        try (LogCapture log = LogCapture.of(DevelopmentToken.class)) {
            DevelopmentToken.issueIfNeeded(true, false, "127.0.0.1", "", store, Clock.systemUTC());

            assertThat(log.lines()).singleElement().asString()
                    .contains("listening on 127.0.0.1 only").contains("X-API-Token: rgw_");
        }
    }

    @Test
    void theTokensLogLineWarnsWhenHttpHostOpensTheApiToTheNetwork() throws Exception {
        try (LogCapture log = LogCapture.of(DevelopmentToken.class)) {
            DevelopmentToken.issueIfNeeded(true, false, "0.0.0.0", "", store, Clock.systemUTC());

            assertThat(log.lines()).singleElement().asString().contains("listening on every interface (HTTP_HOST=0.0.0.0)");
        }
    }

    @Test
    void theWebhookSecretOfTheTokensCallerIsLoggedBesideIt() throws Exception {
        try (LogCapture log = LogCapture.of(DevelopmentToken.class)) {
            DevelopmentToken.issueIfNeeded(true, false, "127.0.0.1", "run-secret", store, Clock.systemUTC());

            assertThat(log.lines()).hasSize(2);
            assertThat(log.lines().get(1)).contains(CallerWebhookSecret.derive("run-secret", "token:development"));
        }
    }

    @Test
    void configuredDatabaseNeverGetsOne() throws Exception {
        DevelopmentToken.issueIfNeeded(false, false, "0.0.0.0", "", store, Clock.systemUTC());

        assertThat(store.list()).isEmpty();
    }

    @Test
    void configuredJwtKeyMeansNoneIsNeeded() throws Exception {
        DevelopmentToken.issueIfNeeded(true, true, "127.0.0.1", "", store, Clock.systemUTC());

        assertThat(store.list()).isEmpty();
    }
}
