package com.rateplatform.gateway.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

/** The one-command run's own settings: each applies only while its environment variable is unset. */
class DevelopmentRunTest {

    @Test
    void withNothingSetTheApiListensOnLoopbackOnly() {
        assertThat(DevelopmentRun.settings(Map.of())).containsEntry("camel.server.host", "127.0.0.1");
    }

    @Test
    void httpHostWinsOverTheLoopbackDefault() {
        assertThat(DevelopmentRun.settings(Map.of("HTTP_HOST", "0.0.0.0"))).doesNotContainKey("camel.server.host");
    }

    @Test
    void webhooksAreSignedWithASecretOfTheRunUnlessWebhookSecretIsSet() {
        String first = DevelopmentRun.settings(Map.of()).get("rate.webhook.secret");
        String second = DevelopmentRun.settings(Map.of()).get("rate.webhook.secret");

        assertThat(first).hasSize(64).isNotEqualTo(second);
        assertThat(DevelopmentRun.settings(Map.of("WEBHOOK_SECRET", "mine"))).doesNotContainKey("rate.webhook.secret");
    }

    @Test
    void webhooksMayGoToThisMachineUnlessWebhookAllowedHostsIsSet() {
        assertThat(DevelopmentRun.settings(Map.of())).containsEntry("rate.security.webhook.allowed-hosts", "127.0.0.0/8,::1");
        assertThat(DevelopmentRun.settings(Map.of("WEBHOOK_ALLOWED_HOSTS", "hooks.internal")))
                .doesNotContainKey("rate.security.webhook.allowed-hosts");
    }

    @Test
    void theDemoPageIsOnUnlessDemoEnabledSaysOtherwise() {
        assertThat(DevelopmentRun.settings(Map.of())).containsEntry("rate.push.demo-enabled", "true");
        assertThat(DevelopmentRun.settings(Map.of("DEMO_ENABLED", "false"))).doesNotContainKey("rate.push.demo-enabled");
    }
}
