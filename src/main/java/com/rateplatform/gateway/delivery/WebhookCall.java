package com.rateplatform.gateway.delivery;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One attempt of a delivery, signed and ready to POST ({@link WebhookCalls#prepare}), or the result of an attempt that
 * cannot be made ({@link #refused()}: no usable URL, no secret).
 *
 * @param timestamp   seconds since the epoch, signed with the body
 * @param signature   {@code X-Rate-Signature}: {@link WebhookSigner#signature} of timestamp and body
 * @param startNanos  {@link System#nanoTime()} when it was prepared, for the attempt's duration
 * @param refused     the attempt's result when no call can be made; null otherwise
 */
public record WebhookCall(Delivery delivery, Instant started, long timestamp, String signature, long startNanos,
                          AttemptResult refused) {

    public static final String USER_AGENT = "rate-gateway-webhooks";

    public String url() {
        return delivery.url();
    }

    public String body() {
        return delivery.payload();
    }

    public String deliveryId() {
        return delivery.deliveryId().toString();
    }

    public int attempt() {
        return delivery.attempt();
    }

    public String event() {
        return delivery.event();
    }

    /** The request headers, for a client that takes them as a map (the webhook route sets the same ones one by one). */
    public Map<String, String> headers() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put("User-Agent", USER_AGENT);
        headers.put("X-Rate-Event", event());
        headers.put("X-Rate-Delivery-Id", deliveryId());
        headers.put("X-Rate-Attempt", Integer.toString(attempt()));
        headers.put("X-Rate-Timestamp", Long.toString(timestamp));
        headers.put("X-Rate-Signature", signature);
        return headers;
    }
}
