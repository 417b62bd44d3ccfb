package com.rateplatform.gateway.delivery;

import java.util.Optional;

import com.rateplatform.gateway.security.CallerWebhookSecret;

/**
 * Secrets from {@code WEBHOOK_SECRET}: an API-token caller ({@code token:<name>}) gets one of its own derived from it
 * ({@link CallerWebhookSecret}, printed by {@code token create}); JWT callers share {@code WEBHOOK_SECRET} itself.
 */
public final class DeploymentWebhookSecret implements WebhookSecrets {

    private final Optional<String> secret;

    public DeploymentWebhookSecret(String secret) {
        this.secret = secret == null || secret.isBlank() ? Optional.empty() : Optional.of(secret);
    }

    /** Callers of API tokens: the caller id the authenticator gives them. */
    static final String TOKEN_CALLER_PREFIX = "token:";

    @Override
    public Optional<String> secretFor(String userId) {
        if (userId != null && userId.startsWith(TOKEN_CALLER_PREFIX)) {
            return secret.map(master -> CallerWebhookSecret.derive(master, userId));
        }
        return secret;
    }

    public boolean isSet() {
        return secret.isPresent();
    }
}
