package com.rateplatform.gateway.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/** The wait between attempts: exponential, capped, spread by jitter. */
class BackoffTest {

    @Test
    void waitsGrowByTheMultiplierAfterEachFailedAttempt() {
        Backoff backoff = new Backoff(Duration.ofSeconds(10), 2, Duration.ofHours(1), 0);

        assertThat(backoff.after(1)).isEqualTo(Duration.ofSeconds(10));
        assertThat(backoff.after(2)).isEqualTo(Duration.ofSeconds(20));
        assertThat(backoff.after(4)).isEqualTo(Duration.ofSeconds(80));
    }

    @Test
    void noWaitIsLongerThanTheMaximum() {
        Backoff backoff = new Backoff(Duration.ofSeconds(10), 2, Duration.ofMinutes(5), 0);

        assertThat(backoff.after(9)).isEqualTo(Duration.ofMinutes(5));
        assertThat(backoff.after(1000)).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void jitterSpreadsTheWaitEitherWayByItsPercentage() {
        assertThat(new Backoff(Duration.ofSeconds(10), 2, Duration.ofHours(1), 20, () -> 0.0).after(1)).isEqualTo(Duration.ofSeconds(8));
        assertThat(new Backoff(Duration.ofSeconds(10), 2, Duration.ofHours(1), 20, () -> 1.0).after(1)).isEqualTo(Duration.ofSeconds(12));
        assertThat(new Backoff(Duration.ofSeconds(10), 2, Duration.ofHours(1), 20, () -> 0.5).after(1)).isEqualTo(Duration.ofSeconds(10));
    }
}
