package com.rateplatform.gateway.delivery;

import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Makes one attempt of a delivery: signs the stored body with the caller's webhook secret and POSTs it with the
 * {@code X-Rate-*} headers. Never throws for the receiver's sake: whatever happens becomes an {@link AttemptResult}.
 */
public class WebhookSender {

    private final WebhookClient client;
    private final Supplier<WebhookSecrets> secrets;
    private final Clock clock;

    public WebhookSender(WebhookClient client, Supplier<WebhookSecrets> secrets, Clock clock) {
        this.client = client;
        this.secrets = secrets;
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
