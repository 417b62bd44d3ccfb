package com.rateplatform.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import com.rateplatform.gateway.delivery.DeploymentWebhookSecret;
import com.rateplatform.gateway.support.TestServers;
import com.rateplatform.gateway.support.TokenCli;

/**
 * The jar's {@code token} command against the test database: tokens shown once, stored hashed, revoked, audited;
 * default webhook URLs set, cleared and checked against the webhook URL policy.
 */
@Tag("slow")
class TokenCommandTest {

    private static final String METADATA_URL = "https://169.254.169.254/latest/meta-data";

    @Test
    void createPrintsTheTokenOnceAndStoresOnlyItsHash() throws Exception {
        TokenCli.Run created = TokenCli.run("create", "--name", "printed-once", "--scopes", "validation:write,validation:read",
                "--expires", "90d");

        assertThat(created.exitCode()).isZero();
        assertThat(column("SELECT token_hash FROM api_tokens WHERE name = 'printed-once'"))
                .containsExactly(ApiTokens.hash(created.token())).doesNotContain(created.token());
    }

    @Test
    void createPrintsTheCallersWebhookSecretBesideTheTokenWhenWebhookSecretIsSet() {
        Map<String, String> env = TokenCli.env();
        env.put("WEBHOOK_SECRET", "deployment-master-secret");

        TokenCli.Run created = TokenCli.run(env, "create", "--name", "hooked", "--scopes", "importer:write");

        assertThat(created.exitCode()).isZero();
        String expected = CallerWebhookSecret.derive("deployment-master-secret", "token:hooked");
        assertThat(created.out()).contains(expected);
        assertThat(new DeploymentWebhookSecret("deployment-master-secret").secretFor("token:hooked")).contains(expected);
    }

    @Test
    void listShowsNameScopesAndStatusButNeverTheToken() {
        String token = TokenCli.run("create", "--name", "listed", "--scopes", "importer:write").token();

        String listing = TokenCli.run("list").out();

        assertThat(listing).containsPattern("listed\\s+rgw_\\S{4}\\s+active\\s+never\\s+importer:write\\s+-").doesNotContain(token);
    }

    @Test
    void revokeMarksTheTokenRevoked() throws Exception {
        String id = TokenCli.run("create", "--name", "to-revoke", "--scopes", "validation:read").id();

        int exitCode = TokenCli.run("revoke", id).exitCode();

        assertThat(exitCode).isZero();
        assertThat(column("SELECT revoked_at IS NOT NULL FROM api_tokens WHERE name = 'to-revoke'")).containsExactly("t");
    }

    @Test
    void createAndRevokeAreWrittenToTheAuditLog() throws Exception {
        String id = TokenCli.run("create", "--name", "audited", "--scopes", "monitoring:read").id();
        TokenCli.run("revoke", id);

        assertThat(column("SELECT action || ' by ' || actor FROM audit_log WHERE target = ? ORDER BY occurred_at", id))
                .containsExactly("token.create by cli:" + System.getProperty("user.name"),
                        "token.revoke by cli:" + System.getProperty("user.name"));
    }

    @Test
    void unknownScopeIsRefusedAsBadUsage() {
        TokenCli.Run refused = TokenCli.run("create", "--name", "bad", "--scopes", "validation:write,admin:everything");

        assertThat(refused.exitCode()).isEqualTo(2);
        assertThat(refused.err()).contains("unknown scope 'admin:everything'");
    }

    @Test
    void withoutDbUrlItRefusesBecauseAnEmbeddedDatabaseWouldLoseTheToken() {
        TokenCli.Run refused = TokenCli.run(Map.of(), "create", "--name", "x", "--scopes", "validation:read");

        assertThat(refused.exitCode()).isEqualTo(2);
        assertThat(refused.err()).contains("DB_URL is not set", "vanish");
    }

    @Test
    void createWithAWebhookUrlStoresItAsTheTokensDefaultAndListShowsIt() throws Exception {
        TokenCli.Run created = TokenCli.run("create", "--name", "default-hook", "--scopes", "importer:write",
                "--webhook-url", "http://127.0.0.1:9/hooks/rate");

        assertThat(created.exitCode()).as(created.err()).isZero();
        assertThat(column("SELECT webhook_url FROM api_tokens WHERE name = 'default-hook'")).containsExactly("http://127.0.0.1:9/hooks/rate");
        assertThat(TokenCli.run("list").out()).containsPattern("default-hook\\s.*\\simporter:write\\s+http://127\\.0\\.0\\.1:9/hooks/rate");
    }

    @Test
    void createWithAWebhookUrlThePolicyRefusesFailsInOneLineAndCreatesNothing() throws Exception {
        TokenCli.Run refused = TokenCli.run("create", "--name", "metadata-hook", "--scopes", "importer:write",
                "--webhook-url", METADATA_URL);

        assertThat(refused.exitCode()).isEqualTo(2);
        assertThat(refused.err()).hasLineCount(1)
                .startsWith("webhook URL refused: " + METADATA_URL + " names a host that is not public (169.254.169.254)");
        assertThat(column("SELECT id FROM api_tokens WHERE name = 'metadata-hook'")).isEmpty();
    }

    @Test
    void theCommandFollowsTheDeploymentsAllowListAsTheGatewayDoes() {
        Map<String, String> env = TokenCli.env();
        env.remove("WEBHOOK_ALLOWED_HOSTS");

        TokenCli.Run refused = TokenCli.run(env, "create", "--name", "loopback-hook", "--scopes", "importer:write",
                "--webhook-url", "http://127.0.0.1:9/hooks/rate");

        assertThat(refused.exitCode()).isEqualTo(2);
        assertThat(refused.err()).contains("not public (127.0.0.1)", "WEBHOOK_ALLOWED_HOSTS");
    }

    @Test
    void webhookSetsTheDefaultUrlOfAnExistingToken() throws Exception {
        String id = TokenCli.run("create", "--name", "later-hooked", "--scopes", "importer:write").id();

        TokenCli.Run set = TokenCli.run("webhook", id, "http://localhost:9/hooks/later");

        assertThat(set.exitCode()).as(set.err()).isZero();
        assertThat(column("SELECT webhook_url FROM api_tokens WHERE name = 'later-hooked'")).containsExactly("http://localhost:9/hooks/later");
    }

    @Test
    void webhookClearRemovesTheDefaultUrl() throws Exception {
        String id = TokenCli.run("create", "--name", "unhooked", "--scopes", "importer:write",
                "--webhook-url", "http://127.0.0.1:9/hooks/rate").id();

        TokenCli.Run cleared = TokenCli.run("webhook", id, "--clear");

        assertThat(cleared.exitCode()).as(cleared.err()).isZero();
        assertThat(column("SELECT coalesce(webhook_url, 'none') FROM api_tokens WHERE name = 'unhooked'")).containsExactly("none");
        assertThat(TokenCli.run("list").out()).containsPattern("unhooked\\s.*\\simporter:write\\s+-");
    }

    @Test
    void webhookWithAUrlThePolicyRefusesKeepsTheOldUrl() throws Exception {
        String id = TokenCli.run("create", "--name", "kept-hook", "--scopes", "importer:write",
                "--webhook-url", "http://127.0.0.1:9/hooks/rate").id();

        TokenCli.Run refused = TokenCli.run("webhook", id, METADATA_URL);

        assertThat(refused.exitCode()).isEqualTo(2);
        assertThat(refused.err()).hasLineCount(1).contains("webhook URL refused", "not public");
        assertThat(column("SELECT webhook_url FROM api_tokens WHERE name = 'kept-hook'")).containsExactly("http://127.0.0.1:9/hooks/rate");
    }

    @Test
    void webhookOnARevokedTokenChangesNothing() throws Exception {
        String id = TokenCli.run("create", "--name", "revoked-hook", "--scopes", "importer:write").id();
        TokenCli.run("revoke", id);

        TokenCli.Run refused = TokenCli.run("webhook", id, "http://127.0.0.1:9/hooks/rate");

        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.err()).contains("no token " + id + " that is not revoked");
        assertThat(column("SELECT coalesce(webhook_url, 'none') FROM api_tokens WHERE name = 'revoked-hook'")).containsExactly("none");
    }

    @Test
    void changingTheWebhookUrlIsAuditedWithItsHostOnly() throws Exception {
        String id = TokenCli.run("create", "--name", "audited-hook", "--scopes", "importer:write").id();
        TokenCli.run("webhook", id, "http://localhost:9/hooks/secret-path?key=receiver-secret");
        TokenCli.run("webhook", id, "--clear");

        assertThat(column("SELECT action || ' ' || details::text FROM audit_log WHERE target = ? AND action = 'token.webhook'"
                          + " ORDER BY occurred_at", id))
                .containsExactly("token.webhook {\"name\": \"audited-hook\", \"webhook_host\": \"localhost\"}",
                        "token.webhook {\"name\": \"audited-hook\", \"webhook_host\": null}");
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
