package com.rateplatform.gateway.delivery;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * The steps of one webhook attempt around the HTTP call (which the route gateway-webhooks makes with camel-http):
 * sign the stored body with the caller's webhook secret, then turn the receiver's answer, or its absence, into an
 * {@link AttemptResult}. Never throws for the receiver's sake.
 */
public class WebhookCalls {

    private final Supplier<WebhookSecrets> secrets;
    private final UnaryOperator<String> urlGuard;
    private final Clock clock;

    /**
     * @param urlGuard the reason a URL may not be called now (its host resolves to a private address, say), or null
     *                 when it may: checked at every attempt, because DNS can change after intake (and again by the HTTP
     *                 client's name resolution when it connects)
     */
    public WebhookCalls(Supplier<WebhookSecrets> secrets, UnaryOperator<String> urlGuard, Clock clock) {
        this.secrets = secrets;
        this.urlGuard = urlGuard;
        this.clock = clock;
    }

    /** The signed call for this attempt, or, as {@link WebhookCall#refused()}, why none can be made. */
    public WebhookCall prepare(Delivery delivery) {
        Instant started = clock.instant();
        try {
            WebhookUrl.parse(delivery.url());
        } catch (IllegalArgumentException e) {
            return refused(delivery, started, AttemptResult.impossible(delivery, started, e.getMessage()));
        }
        String refusal = urlGuard.apply(delivery.url());
        if (refusal != null) {
            return refused(delivery, started, AttemptResult.impossible(delivery, started, "webhook URL refused: " + refusal));
        }
        Optional<String> secret = secrets.get().secretFor(delivery.userId());
        if (secret.isEmpty()) {
            return refused(delivery, started, AttemptResult.failed(delivery, started, 0, null,
                    "no webhook secret for caller " + delivery.userId() + " (set WEBHOOK_SECRET)"));
        }
        long timestamp = started.getEpochSecond();
        return new WebhookCall(delivery, started, timestamp, WebhookSigner.signature(secret.get(), timestamp, delivery.payload()),
                System.nanoTime(), null);
    }

    /** The receiver answered: a 2xx delivers, anything else is a failed attempt with its status. */
    public AttemptResult answered(WebhookCall call, int status) {
        long elapsed = elapsedMs(call);
        return status >= 200 && status < 300
                ? AttemptResult.accepted(call.delivery(), call.started(), elapsed, status)
                : AttemptResult.failed(call.delivery(), call.started(), elapsed, status, "HTTP " + status);
    }

    /** The receiver gave no answer (refused, reset, timed out, or its name refused by the policy at connect time). */
    public AttemptResult unanswered(WebhookCall call, Throwable failure) {
        String reason = failure.getMessage() == null ? failure.getClass().getSimpleName()
                : failure.getClass().getSimpleName() + ": " + failure.getMessage();
        return AttemptResult.failed(call.delivery(), call.started(), elapsedMs(call), null, reason);
    }

    private static WebhookCall refused(Delivery delivery, Instant started, AttemptResult result) {
        return new WebhookCall(delivery, started, 0, null, 0, result);
    }

    private static long elapsedMs(WebhookCall call) {
        return (System.nanoTime() - call.startNanos()) / 1_000_000;
    }
}
