package com.rateplatform.gateway.monitoring;

import java.time.Duration;
import java.util.List;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.apache.camel.Body;

import com.rateplatform.gateway.delivery.AttemptResult;
import com.rateplatform.gateway.metrics.Meters;

/**
 * Webhook attempts by outcome — {@code delivered} (2xx), {@code retry} (failed, tried again later), {@code dead} (the
 * last attempt failed: the delivery went to the dead-letter stream) — and how long each took.
 */
public class WebhookMetrics {

    static final String ATTEMPTS = Meters.PREFIX + "webhook.attempts";
    static final String DURATION = Meters.PREFIX + "webhook.attempt.duration";
    static final List<String> OUTCOMES = List.of("delivered", "retry", "dead");
    private static final Duration[] BUCKETS = { Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
            Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5),
            Duration.ofSeconds(10), Duration.ofSeconds(30) };

    private final Counter[] attempts = new Counter[OUTCOMES.size()];
    private final Timer[] durations = new Timer[OUTCOMES.size()];

    public WebhookMetrics(MeterRegistry registry) {
        for (int i = 0; i < OUTCOMES.size(); i++) {
            attempts[i] = Counter.builder(ATTEMPTS).description("Webhook attempts, by outcome")
                    .tags("outcome", OUTCOMES.get(i)).register(registry);
            durations[i] = Timer.builder(DURATION).description("How long one webhook attempt took, by outcome")
                    .tags("outcome", OUTCOMES.get(i)).serviceLevelObjectives(BUCKETS).register(registry);
        }
    }

    /** Route step after an attempt is recorded (the body stays the attempt). */
    public void attempted(@Body AttemptResult result) {
        int outcome = result.delivered() ? 0 : result.dead() ? 2 : 1;
        attempts[outcome].increment();
        durations[outcome].record(Duration.ofMillis(result.durationMs()));
    }
}
