package com.rateplatform.gateway.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Whose webhooks are signed with what. */
class DeploymentWebhookSecretTest {

    private final DeploymentWebhookSecret secrets = new DeploymentWebhookSecret("master");

    @Test
    void eachApiTokenCallerHasASecretOfItsOwn() {
        assertThat(secrets.secretFor("token:alpha")).isNotEqualTo(secrets.secretFor("token:beta"));
        assertThat(secrets.secretFor("token:alpha")).get().isNotEqualTo("master");
    }

    @Test
    void jwtCallersShareTheDeploymentSecret() {
        assertThat(secrets.secretFor("user-42")).contains("master");
    }

    @Test
    void withoutWebhookSecretNobodyHasOne() {
        assertThat(new DeploymentWebhookSecret("").secretFor("token:alpha")).isEmpty();
    }
}
