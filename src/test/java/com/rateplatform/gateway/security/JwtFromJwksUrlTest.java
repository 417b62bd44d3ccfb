package com.rateplatform.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.rateplatform.gateway.message.Json;
import com.rateplatform.gateway.support.JwksServer;
import com.rateplatform.gateway.support.RunningGateway;
import com.rateplatform.gateway.support.TestServers;

/**
 * JWTs signed with the keys an identity provider publishes at {@code JWT_JWKS_URL}, end to end through a gateway that
 * also has a shared secret, a PEM public key and a JWKS file configured.
 */
class JwtFromJwksUrlTest {

    private static final String BODY = "{\"data\": {\"items\": [{\"phone\": \"0912345678\"}]}}";
    private static final RSAKey PUBLISHED = JwksServer.newKey("idp-key-1");
    private static final RSAKey PEM_KEY = JwksServer.newKey(null);
    private static final RSAKey FILE_KEY = JwksServer.newKey("file-key-1");

    @TempDir
    static Path dir;

    private static JwksServer idp;
    private static RunningGateway gateway;

    @BeforeAll
    static void start() throws Exception {
        idp = JwksServer.publishing(PUBLISHED);
        Path pem = Files.writeString(dir.resolve("public.pem"), "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(PEM_KEY.toRSAPublicKey().getEncoded()) + "\n-----END PUBLIC KEY-----\n");
        Path jwksFile = Files.writeString(dir.resolve("jwks.json"), new JWKSet(FILE_KEY.toPublicJWK()).toString());
        gateway = RunningGateway.start(TestServers.uniquePrefix("jwks-url"), Map.of(
                "rate.roles", "gateway",
                "rate.security.jwt.jwks-url", idp.url(),
                "rate.security.jwt.public-key-file", pem.toString(),
                "rate.security.jwt.jwks-file", jwksFile.toString(),
                // No refresh on its own within a test: a key seen sooner was fetched because a token named it.
                "rate.security.jwt.jwks-refresh-ms", "600000",
                "rate.security.jwt.jwks-rate-limit-ms", "100"));
    }

    @AfterAll
    static void stop() {
        gateway.close();
        idp.close();
    }

    @Test
    void tokenSignedWithAKeyTheProviderPublishesIsAccepted() {
        assertThat(validate(RunningGateway.token(PUBLISHED, "idp-user", Scopes.ALL)).statusCode()).isEqualTo(202);
    }

    @Test
    void keyTheProviderRotatesInIsAcceptedWithoutARestart() {
        RSAKey rotated = JwksServer.newKey("idp-key-2");
        idp.publish(rotated);

        assertThat(validate(RunningGateway.token(rotated, "idp-user", Scopes.ALL)).statusCode()).isEqualTo(202);
    }

    @Test
    void tokenSignedWithAKeyTheProviderDoesNotPublishIs401() {
        RSAKey unpublished = JwksServer.newKey("never-published");

        HttpResponse<String> response = validate(RunningGateway.token(unpublished, "intruder", Scopes.ALL));

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                challenge -> assertThat(challenge).contains("error=\"invalid_token\""));
        JsonNode error = Json.read(response.body(), JsonNode.class).get("error");
        assertThat(error.get("code").asText()).isEqualTo("UNAUTHORIZED");
        assertThat(error.get("message").asText()).isEqualTo("the bearer token's signature is not accepted");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("configuredKeyTokens")
    void tokensOfTheConfiguredKeysAreStillAcceptedWithoutAskingTheProvider(String source, String token) {
        int fetches = idp.fetches();

        assertThat(validate(token).statusCode()).isEqualTo(202);
        assertThat(idp.fetches()).isEqualTo(fetches);
    }

    static Stream<Arguments> configuredKeyTokens() {
        return Stream.of(
                Arguments.of("JWT_SECRET", RunningGateway.token("secret-user", Scopes.ALL)),
                Arguments.of("JWT_PUBLIC_KEY_FILE", RunningGateway.token(PEM_KEY, "pem-user", Scopes.ALL)),
                Arguments.of("JWT_JWKS_FILE", RunningGateway.token(FILE_KEY, "file-user", Scopes.ALL)));
    }

    private static HttpResponse<String> validate(String token) {
        return gateway.postJson("/api/validation/validate", BODY, token);
    }
}
