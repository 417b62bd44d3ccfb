package com.rateplatform.gateway.delivery;

import java.util.Optional;

/**
 * Where a caller's webhooks go when a request names no {@code callback_config.webhook_url}. By default nowhere;
 * per-caller default URLs replace it by binding another {@code webhookTargets} bean.
 */
@FunctionalInterface
public interface WebhookTargets {

    WebhookTargets NONE = userId -> Optional.empty();

    /** The caller's default webhook URL; empty when it has none. */
    Optional<String> defaultUrlFor(String userId);
}
