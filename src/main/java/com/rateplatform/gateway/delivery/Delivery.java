package com.rateplatform.gateway.delivery;

import java.util.UUID;

/**
 * A delivery claimed for one attempt.
 *
 * @param kind    request | batch: what completed
 * @param attempt 1-based number of the attempt about to be made
 */
public record Delivery(UUID deliveryId, String kind, String subjectId, String userId, String url, String payload, int attempt) {

    /** The {@code X-Rate-Event} header: {@code request.completed} or {@code batch.completed}. */
    public String event() {
        return kind + ".completed";
    }
}
