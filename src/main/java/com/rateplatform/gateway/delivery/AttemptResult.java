package com.rateplatform.gateway.delivery;

import java.time.Instant;

/**
 * How one attempt went.
 *
 * @param statusCode the receiver's HTTP status; null when it gave none (refused, timed out)
 * @param error      why the attempt failed; null when it was accepted
 * @param permanent  the failure cannot go away by retrying (no usable URL): dead-letter at once
 * @param dead       set once recorded: no attempt follows, the delivery goes to the dead-letter stream
 */
public record AttemptResult(Delivery delivery, Instant attemptedAt, long durationMs, Integer statusCode, String error,
                            boolean permanent, boolean dead) {

    public static AttemptResult accepted(Delivery delivery, Instant at, long durationMs, int statusCode) {
        return new AttemptResult(delivery, at, durationMs, statusCode, null, false, false);
    }

    public static AttemptResult failed(Delivery delivery, Instant at, long durationMs, Integer statusCode, String error) {
        return new AttemptResult(delivery, at, durationMs, statusCode, error, false, false);
    }

    public static AttemptResult impossible(Delivery delivery, Instant at, String error) {
        return new AttemptResult(delivery, at, 0, null, error, true, false);
    }

    public boolean delivered() {
        return error == null;
    }

    AttemptResult asDead() {
        return new AttemptResult(delivery, attemptedAt, durationMs, statusCode, error, permanent, true);
    }
}
