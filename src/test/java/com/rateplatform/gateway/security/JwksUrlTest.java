package com.rateplatform.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;

import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.RSAKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.rateplatform.gateway.support.JwksServer;
import com.rateplatform.gateway.support.LogCapture;

/** Which JWKS URLs and timings are accepted at start, and what an identity provider's outage leaves in the log. */
class JwksUrlTest {

    private static final JwksUrl.Timings TIMINGS = timings(Duration.ofMinutes(5), Duration.ofSeconds(30));
    private static final RSAKey KEY = JwksServer.newKey("idp-key-1");

    @ParameterizedTest
    @ValueSource(strings = {"https://idp.example.com/realms/rate/protocol/openid-connect/certs", "http://127.0.0.1:8081/jwks",
        "http://localhost/jwks", "http://[::1]:8081/jwks"})
    void httpsAndLoopbackHttpAreAccepted(String url) {
        assertThatCode(() -> new JwksUrl(url, TIMINGS).close()).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://idp.example.com/jwks", "http://10.0.0.5/jwks", "http://127.0.0.1.example.com/jwks",
        "file:///etc/jwks.json", "idp.example.com/jwks", "https:///jwks"})
    void anythingButHttpsOrLoopbackHttpIsRefusedAtStart(String url) {
        assertThatThrownBy(() -> new JwksUrl(url, TIMINGS)).isInstanceOf(IllegalStateException.class).hasMessageContaining("JWT_JWKS_URL");
    }

    @Test
    void rateLimitAsLongAsTheRefreshIsRefusedAtStart() {
        assertThatThrownBy(() -> timings(Duration.ofSeconds(30), Duration.ofSeconds(30)))
                .hasMessageContaining("JWT_JWKS_RATE_LIMIT_MS").hasMessageContaining("JWT_JWKS_REFRESH_MS");
    }

    @Test
    void anOutageIsLoggedOnceWhenItBeginsAndOnceWhenItEnds() {
        try (JwksServer idp = JwksServer.publishing(KEY); LogCapture log = LogCapture.of(JwksUrl.class);
             JwksUrl jwks = new JwksUrl(idp.url(), timings(Duration.ofMinutes(5), Duration.ofMillis(50)))) {
            assertThat(keysWithId(jwks, "idp-key-1")).hasSize(1);

            idp.failing(true);
            int before = idp.fetches();
            // Each token naming an unknown key id makes the gateway ask again (as often as the rate limit lets it).
            await().atMost(Duration.ofSeconds(10)).until(() -> keysWithId(jwks, "unknown").isEmpty() && idp.fetches() >= before + 5);
            idp.failing(false);
            await().atMost(Duration.ofSeconds(10)).until(() -> keysWithId(jwks, "unknown").isEmpty()
                                                              && log.lines().stream().anyMatch(line -> line.contains("fetched again")));

            assertThat(log.lines()).filteredOn(line -> line.startsWith("WARN")).singleElement().asString()
                    .contains(idp.url(), "cannot be fetched", "503", "idp-key-1", "stay trusted until");
            assertThat(log.lines()).filteredOn(line -> line.contains("fetched again")).hasSize(1);
        }
    }

    /** The keys with the id, as a token naming it would find them; none when they cannot be had. */
    private static List<JWK> keysWithId(JwksUrl jwks, String keyId) {
        try {
            return jwks.get(new JWKSelector(new JWKMatcher.Builder().keyID(keyId).build()), null);
        } catch (KeySourceException e) {
            return List.of();
        }
    }

    private static JwksUrl.Timings timings(Duration refresh, Duration rateLimit) {
        return new JwksUrl.Timings(refresh, rateLimit, Duration.ofHours(1), Duration.ofSeconds(2));
    }
}
