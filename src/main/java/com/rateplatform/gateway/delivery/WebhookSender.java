package com.rateplatform.gateway.delivery;

import java.io.IOException;
import java.time.Clock;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * One attempt of a delivery outside a route, with the JDK's HTTP client ({@link WebhookClient}): the same steps
 * ({@link WebhookCalls}) as the route gateway-webhooks, which makes the call with camel-http instead. Never throws for
 * the receiver's sake: whatever happens becomes an {@link AttemptResult}.
 */
public class WebhookSender {

    private final WebhookClient client;
    private final WebhookCalls calls;

    /** @param urlGuard as for {@link WebhookCalls} */
    public WebhookSender(WebhookClient client, Supplier<WebhookSecrets> secrets, UnaryOperator<String> urlGuard, Clock clock) {
        this.client = client;
        this.calls = new WebhookCalls(secrets, urlGuard, clock);
    }

    public AttemptResult send(Delivery delivery) throws InterruptedException {
        WebhookCall call = calls.prepare(delivery);
        if (call.refused() != null) {
            return call.refused();
        }
        try {
            return calls.answered(call, client.post(WebhookUrl.parse(call.url()), call.body(), call.headers()));
        } catch (IOException e) {
            return calls.unanswered(call, e);
        }
    }
}
