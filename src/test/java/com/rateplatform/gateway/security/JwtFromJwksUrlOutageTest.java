package com.rateplatform.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.jwk.RSAKey;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import com.rateplatform.gateway.message.Json;
import com.rateplatform.gateway.support.JwksServer;
import com.rateplatform.gateway.support.RunningGateway;
import com.rateplatform.gateway.support.TestServers;

/**
 * A gateway whose identity provider (at {@code JWT_JWKS_URL}) cannot be reached: at start, and after its keys were
 * fetched. Timings are short here: keys live a second in the cache (refreshed about every half second), the outage
 * tolerance is six seconds.
 */
@Tag("slow")
class JwtFromJwksUrlOutageTest {

    private static final String BODY = "{\"data\": {\"items\": [{\"phone\": \"0912345678\"}]}}";
    private static final RSAKey KEY = JwksServer.newKey("idp-key-1");

    @Test
    void gatewayStartsWhileTheProviderIsDownRefusesItsTokensAndAcceptsThemOnceItAnswers() throws Exception {
        try (JwksServer idp = JwksServer.notStarted(KEY); RunningGateway gateway = start(idp)) {
            HttpResponse<String> whileDown = validate(gateway);

            assertThat(whileDown.statusCode()).isEqualTo(401);
            assertThat(Json.read(whileDown.body(), JsonNode.class).at("/error/code").asText()).isEqualTo("UNAUTHORIZED");

            idp.start();

            await().atMost(Duration.ofSeconds(10)).until(() -> validate(gateway).statusCode() == 202);
        }
    }

    @Test
    void keysFetchedBeforeAnOutageStayTrustedForTheOutageToleranceAndNoLonger() throws Exception {
        try (JwksServer idp = JwksServer.publishing(KEY); RunningGateway gateway = start(idp)) {
            assertThat(validate(gateway).statusCode()).isEqualTo(202);

            idp.failing(true);
            int before = idp.fetches();

            // Three times the keys' second in the cache, all of it with the provider failing every fetch.
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> validate(gateway).statusCode() == 202);
            assertThat(idp.fetches()).isGreaterThan(before);
            await().atMost(Duration.ofSeconds(15)).until(() -> validate(gateway).statusCode() == 401);
        }
    }

    private static RunningGateway start(JwksServer idp) throws Exception {
        return RunningGateway.start(TestServers.uniquePrefix("jwks-outage"), Map.of(
                "rate.roles", "gateway",
                "rate.security.jwt.jwks-url", idp.url(),
                "rate.security.jwt.jwks-refresh-ms", "1000",
                "rate.security.jwt.jwks-rate-limit-ms", "100",
                "rate.security.jwt.jwks-outage-tolerance-ms", "6000"));
    }

    private static HttpResponse<String> validate(RunningGateway gateway) {
        return gateway.postJson("/api/validation/validate", BODY, RunningGateway.token(KEY, "idp-user", Scopes.ALL));
    }
}
