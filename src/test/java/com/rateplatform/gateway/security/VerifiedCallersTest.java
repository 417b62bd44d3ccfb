package com.rateplatform.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** Remembered verifications: never past the credential's expiry or the time-to-live, forgotten on demand, bounded. */
class VerifiedCallersTest {

    private static final Caller CALLER = new Caller("someone", Set.of(Scopes.VALIDATION_WRITE));
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-04T10:00:00Z"));

    @Test
    void aVerifiedCallerIsRememberedWithinItsTimeToLive() {
        VerifiedCallers cache = new VerifiedCallers(10, Duration.ofSeconds(60), clock);
        cache.put("k", CALLER, null);

        clock.advance(Duration.ofSeconds(59));

        assertThat(cache.get("k")).isEqualTo(CALLER);
    }

    @Test
    void aVerifiedCallerIsForgottenAfterItsTimeToLive() {
        VerifiedCallers cache = new VerifiedCallers(10, Duration.ofSeconds(60), clock);
        cache.put("k", CALLER, null);

        clock.advance(Duration.ofSeconds(60));

        assertThat(cache.get("k")).isNull();
    }

    @Test
    void aVerifiedCallerIsForgottenWhenItsCredentialExpiresFirst() {
        VerifiedCallers cache = new VerifiedCallers(10, Duration.ofSeconds(60), clock);
        cache.put("k", CALLER, clock.instant().plusSeconds(5));

        clock.advance(Duration.ofSeconds(5));

        assertThat(cache.get("k")).isNull();
    }

    @Test
    void forgetDropsOneEntryAndForgetAllEvery() {
        VerifiedCallers cache = new VerifiedCallers(10, Duration.ofSeconds(60), clock);
        cache.put("a", CALLER, null);
        cache.put("b", CALLER, null);
        cache.put("c", CALLER, null);

        cache.forget("a");
        assertThat(cache.get("a")).isNull();
        assertThat(cache.get("b")).isEqualTo(CALLER);

        cache.forgetAll();
        assertThat(cache.get("b")).isNull();
        assertThat(cache.get("c")).isNull();
    }

    @Test
    void theCacheNeverHoldsMoreThanItsBound() {
        VerifiedCallers cache = new VerifiedCallers(3, Duration.ofSeconds(60), clock);
        for (int i = 0; i < 10; i++) {
            cache.put("k" + i, CALLER, null);
        }

        assertThat(cache.size()).isLessThanOrEqualTo(3);
        assertThat(cache.get("k9")).isEqualTo(CALLER);
    }

    @Test
    void zeroEntriesTurnsRememberingOff() {
        VerifiedCallers cache = new VerifiedCallers(0, Duration.ofSeconds(60), clock);
        cache.put("k", CALLER, null);

        assertThat(cache.get("k")).isNull();
    }

    private static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
