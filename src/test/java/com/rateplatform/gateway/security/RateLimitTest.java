package com.rateplatform.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** How a rate limit is written in configuration. */
class RateLimitTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({ "300/1m, 300, 60", "5/10s, 5, 10", " 1000 / 1h , 1000, 3600" })
    void requestsPerPeriod(String text, long capacity, long seconds) {
        assertThat(RateLimit.parse(text)).isEqualTo(new RateLimit(capacity, Duration.ofSeconds(seconds)));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "300", "300/m", "0/1m", "300/1d", "-1/1s", "ten/1m" })
    void anythingElseIsRefused(String text) {
        assertThatThrownBy(() -> RateLimit.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }
}
