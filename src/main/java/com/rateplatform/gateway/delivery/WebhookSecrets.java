package com.rateplatform.gateway.delivery;

import java.util.Optional;

/**
 * Where the key that signs a caller's webhooks comes from. The default is the deployment-wide {@code WEBHOOK_SECRET}
 * ({@link DeploymentWebhookSecret}); per-caller secrets replace it by binding another {@code webhookSecrets} bean.
 */
@FunctionalInterface
public interface WebhookSecrets {

    /** The secret for a caller ({@code user_id} of its requests); empty when there is none. */
    Optional<String> secretFor(String userId);
}
