package com.rateplatform.gateway.delivery;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * When to try a failed delivery again: {@code initial x multiplier^(attempts-1)}, at most {@code max}, spread by up
 * to {@code jitterPercent} either way so that deliveries failed together do not all come back at the same instant.
 */
public final class Backoff {

    private final long initialMs;
    private final int multiplier;
    private final long maxMs;
    private final int jitterPercent;
    private final DoubleSupplier random;

    public Backoff(Duration initial, int multiplier, Duration max, int jitterPercent) {
        this(initial, multiplier, max, jitterPercent, () -> ThreadLocalRandom.current().nextDouble());
    }

    Backoff(Duration initial, int multiplier, Duration max, int jitterPercent, DoubleSupplier random) {
        if (multiplier < 1 || jitterPercent < 0 || jitterPercent > 100) {
            throw new IllegalStateException("webhook backoff: multiplier must be 1 or more and jitter 0 to 100 percent");
        }
        this.initialMs = initial.toMillis();
        this.multiplier = multiplier;
        this.maxMs = max.toMillis();
        this.jitterPercent = jitterPercent;
        this.random = random;
    }

    /** The wait after the given number of failed attempts (1 after the first). */
    public Duration after(int attempts) {
        double delay = initialMs;
        for (int i = 1; i < attempts && delay < maxMs; i++) {
            delay *= multiplier;
        }
        delay = Math.min(delay, maxMs);
        double spread = jitterPercent / 100.0;
        delay *= 1 - spread + 2 * spread * random.getAsDouble();
        return Duration.ofMillis(Math.round(delay));
    }
}
