package com.rateplatform.gateway.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.rateplatform.gateway.security.ApiTokenStore;
import com.rateplatform.gateway.security.AuditLog;
import com.rateplatform.gateway.security.Scopes;
import com.rateplatform.gateway.support.FreshSchema;

/**
 * Which default webhook URL a caller's webhooks go to, read from {@code api_tokens} in a schema of its own: the token's,
 * for callers {@code token:<name>}; never a revoked or expired token's; none for JWT callers.
 */
class TokenWebhookTargetsTest {

    private static FreshSchema schema;
    private static ApiTokenStore store;
    private static TokenWebhookTargets targets;

    @BeforeAll
    static void migrate() {
        schema = new FreshSchema();
        store = new ApiTokenStore(schema.dataSource(), new AuditLog(schema.dataSource()));
        targets = new TokenWebhookTargets(store);
    }

    @AfterAll
    static void drop() throws Exception {
        schema.close();
    }

    @Test
    void aTokenCallerGetsItsTokensUrl() throws Exception {
        create("with-url", null, "https://hooks.example/with-url");

        assertThat(targets.defaultUrlFor("token:with-url")).contains("https://hooks.example/with-url");
    }

    @Test
    void aTokenWithoutUrlGivesNone() throws Exception {
        create("without-url", null, null);

        assertThat(targets.defaultUrlFor("token:without-url")).isEmpty();
    }

    @Test
    void aRevokedTokensUrlIsNotUsed() throws Exception {
        UUID id = create("revoked", null, "https://hooks.example/revoked");
        store.revoke(id, "test");

        assertThat(targets.defaultUrlFor("token:revoked")).isEmpty();
    }

    @Test
    void anExpiredTokensUrlIsNotUsed() throws Exception {
        create("expired", Instant.now().minus(Duration.ofMinutes(1)), "https://hooks.example/expired");

        assertThat(targets.defaultUrlFor("token:expired")).isEmpty();
    }

    @Test
    void aJwtCallerHasNoDefaultUrlEvenWhenATokenBearsItsName() throws Exception {
        create("alice", null, "https://hooks.example/alice");

        assertThat(targets.defaultUrlFor("alice")).isEmpty();
    }

    @Test
    void aChangedUrlAppliesToTheVeryNextLookUp() throws Exception {
        UUID id = create("changing", null, "https://hooks.example/first");
        assertThat(targets.defaultUrlFor("token:changing")).contains("https://hooks.example/first");

        store.setWebhookUrl(id, "https://hooks.example/second", "test");
        assertThat(targets.defaultUrlFor("token:changing")).contains("https://hooks.example/second");

        store.setWebhookUrl(id, null, "test");
        assertThat(targets.defaultUrlFor("token:changing")).isEmpty();
    }

    @Test
    void ofTokensSharingANameTheNewestUsableOneWithAUrlGivesIt() throws Exception {
        create("rotated", null, "https://hooks.example/oldest");
        create("rotated", null, "https://hooks.example/older");
        create("rotated", null, null);
        UUID newest = create("rotated", null, "https://hooks.example/newest-but-revoked");
        store.revoke(newest, "test");

        assertThat(targets.defaultUrlFor("token:rotated")).contains("https://hooks.example/older");
    }

    private static UUID create(String name, Instant expiresAt, String webhookUrl) throws Exception {
        return store.create(name, List.of(Scopes.IMPORTER_WRITE), expiresAt, webhookUrl, "test").stored().id();
    }
}
