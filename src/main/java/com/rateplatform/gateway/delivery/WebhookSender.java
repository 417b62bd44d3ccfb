package com.rateplatform.gateway.delivery;

import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * Makes one attempt of a delivery: signs the stored body with the caller's webhook secret and POSTs it with the
 * {@code X-Rate-*} headers. Never throws for the receiver's sake: whatever happens becomes an {@link AttemptResult}.
 */
public class WebhookSender {

    private final WebhookClient client;
    private final Supplier<WebhookSecrets> secrets;
    private final UnaryOperator<String> urlGuard;
    private final Clock clock;

    /**
     * @param urlGuard the reason a URL may not be called now (its host resolves to a private address, say), or null
     *                 when it may: checked at every attempt, because DNS can change after intake
     */
    public WebhookSender(WebhookClient client, Supplier<WebhookSecrets> secrets, UnaryOperator<String> urlGuard, Clock clock) {
        this.client = client;
        this.secrets = secrets;
        this.urlGuard = urlGuard;
        this.clock = clock;
    }

    public AttemptResult send(Delivery delivery) throws InterruptedException {
        Instant started = clock.instant();
        URI url;
        try {
            url = WebhookUrl.parse(delivery.url());
        } catch (IllegalArgumentException e) {
            return AttemptResult.impossible(delivery, started, e.getMessage());
        }
        String refusal = urlGuard.apply(delivery.url());
        if (refusal != null) {
            return AttemptResult.impossible(delivery, started, "webhook URL refused: " + refusal);
        }
        Optional<String> secret = secrets.get().secretFor(delivery.userId());
        if (secret.isEmpty()) {
            return AttemptResult.failed(delivery, started, 0, null,
                    "no webhook secret for caller " + delivery.userId() + " (set WEBHOOK_SECRET)");
        }
        long timestamp = started.getEpochSecond();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put("User-Agent", "rate-gateway-webhooks");
        headers.put("X-Rate-Event", delivery.event());
        headers.put("X-Rate-Delivery-Id", delivery.deliveryId().toString());
        headers.put("X-Rate-Attempt", Integer.toString(delivery.attempt()));
        headers.put("X-Rate-Timestamp", Long.toString(timestamp));
        headers.put("X-Rate-Signature", WebhookSigner.signature(secret.get(), timestamp, delivery.payload()));
        long t0 = System.nanoTime();
        try {
            int status = client.post(url, delivery.payload(), headers);
            long elapsed = (System.nanoTime() - t0) / 1_000_000;
            return status >= 200 && status < 300
                    ? AttemptResult.accepted(delivery, started, elapsed, status)
                    : AttemptResult.failed(delivery, started, elapsed, status, "HTTP " + status);
        } catch (IOException e) {
            long elapsed = (System.nanoTime() - t0) / 1_000_000;
            String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": " + e.getMessage();
            return AttemptResult.failed(delivery, started, elapsed, null, reason);
        }
    }
}
