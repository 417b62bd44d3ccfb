package com.rateplatform.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.rateplatform.gateway.support.TestServers;

/** The jar's {@code token} command against the test database: tokens shown once, stored hashed, revoked, audited. */
class TokenCommandTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void createPrintsTheTokenOnceAndStoresOnlyItsHash() throws Exception {
        int exitCode = token("create", "--name", "printed-once", "--scopes", "validation:write,validation:read", "--expires", "90d");

        assertThat(exitCode).isZero();
        String token = tokenLine(out.toString(StandardCharsets.UTF_8));
        assertThat(column("SELECT token_hash FROM api_tokens WHERE name = 'printed-once'"))
                .containsExactly(ApiTokens.hash(token)).doesNotContain(token);
    }

    @Test
    void createPrintsTheCallersWebhookSecretBesideTheTokenWhenWebhookSecretIsSet() {
        TestServers servers = TestServers.get();
        int exitCode = TokenCommand.run(List.of("create", "--name", "hooked", "--scopes", "importer:write"),
                Map.of("DB_URL", servers.dbUrl(), "DB_USER", servers.dbUser(), "DB_PASSWORD", servers.dbPassword(),
                        "DB_SCHEMA", servers.schema(), "WEBHOOK_SECRET", "deployment-master-secret"),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(exitCode).isZero();
        String expected = com.rateplatform.gateway.delivery.CallerWebhookSecret.derive("deployment-master-secret", "token:hooked");
        assertThat(out.toString(StandardCharsets.UTF_8)).contains(expected);
        assertThat(new com.rateplatform.gateway.delivery.DeploymentWebhookSecret("deployment-master-secret")
                .secretFor("token:hooked")).contains(expected);
    }

    @Test
    void listShowsNameScopesAndStatusButNeverTheToken() {
        token("create", "--name", "listed", "--scopes", "importer:write");
        String token = tokenLine(out.toString(StandardCharsets.UTF_8));
        out.reset();

        token("list");

        String listing = out.toString(StandardCharsets.UTF_8);
        assertThat(listing).containsPattern("listed\\s+rgw_\\S{4}\\s+active\\s+never\\s+importer:write").doesNotContain(token);
    }

    @Test
    void revokeMarksTheTokenRevoked() throws Exception {
        token("create", "--name", "to-revoke", "--scopes", "validation:read");
        String id = out.toString(StandardCharsets.UTF_8).replaceAll("(?s).*Created token (\\S+) .*", "$1");

        int exitCode = token("revoke", id);

        assertThat(exitCode).isZero();
        assertThat(column("SELECT revoked_at IS NOT NULL FROM api_tokens WHERE name = 'to-revoke'")).containsExactly("t");
    }

    @Test
    void createAndRevokeAreWrittenToTheAuditLog() throws Exception {
        token("create", "--name", "audited", "--scopes", "monitoring:read");
        String id = out.toString(StandardCharsets.UTF_8).replaceAll("(?s).*Created token (\\S+) .*", "$1");
        token("revoke", id);

        assertThat(column("SELECT action || ' by ' || actor FROM audit_log WHERE target = ? ORDER BY occurred_at", id))
                .containsExactly("token.create by cli:" + System.getProperty("user.name"),
                        "token.revoke by cli:" + System.getProperty("user.name"));
    }

    @Test
    void unknownScopeIsRefusedAsBadUsage() {
        int exitCode = token("create", "--name", "bad", "--scopes", "validation:write,admin:everything");

        assertThat(exitCode).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown scope 'admin:everything'");
    }

    @Test
    void withoutDbUrlItRefusesBecauseAnEmbeddedDatabaseWouldLoseTheToken() {
        int exitCode = TokenCommand.run(List.of("create", "--name", "x", "--scopes", "validation:read"), Map.of(),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(exitCode).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("DB_URL is not set", "vanish");
    }

    private int token(String... args) {
        TestServers servers = TestServers.get();
        return TokenCommand.run(List.of(args), Map.of("DB_URL", servers.dbUrl(), "DB_USER", servers.dbUser(),
                        "DB_PASSWORD", servers.dbPassword(), "DB_SCHEMA", servers.schema()),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private static String tokenLine(String output) {
        return output.lines().filter(line -> line.startsWith("rgw_")).findFirst().orElseThrow();
    }

    private static List<String> column(String sql, String... parameters) throws SQLException {
        try (Connection connection = TestServers.get().jdbc(); PreparedStatement query = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                query.setString(i + 1, parameters[i]);
            }
            try (ResultSet rs = query.executeQuery()) {
                List<String> values = new ArrayList<>();
                while (rs.next()) {
                    values.add(rs.getString(1));
                }
                return values;
            }
        }
    }
}
