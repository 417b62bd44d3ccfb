package com.rateplatform.gateway.delivery;

import java.util.Optional;

/** One secret for every caller: {@code WEBHOOK_SECRET}, the fallback when callers have no secret of their own. */
public final class DeploymentWebhookSecret implements WebhookSecrets {

    private final Optional<String> secret;

    public DeploymentWebhookSecret(String secret) {
        this.secret = secret == null || secret.isBlank() ? Optional.empty() : Optional.of(secret);
    }

    @Override
    public Optional<String> secretFor(String userId) {
        return secret;
    }

    public boolean isSet() {
        return secret.isPresent();
    }
}
