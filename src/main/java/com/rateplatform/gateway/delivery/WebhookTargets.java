package com.rateplatform.gateway.delivery;

import java.sql.SQLException;
import java.util.Optional;

/**
 * Where a caller's webhooks go when a request names no {@code callback_config.webhook_url}: asked once per delivery,
 * when it is scheduled. By default the API token's default URL ({@link TokenWebhookTargets}); another
 * {@code webhookTargets} bean bound before {@link DeliveryConfiguration} runs replaces it.
 */
@FunctionalInterface
public interface WebhookTargets {

    WebhookTargets NONE = userId -> Optional.empty();

    /**
     * The caller's default webhook URL; empty when it has none.
     *
     * @throws SQLException when it cannot be looked up: the completion is then retried, not left without its webhook
     */
    Optional<String> defaultUrlFor(String userId) throws SQLException;
}
