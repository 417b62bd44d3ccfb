package com.rateplatform.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.rateplatform.gateway.message.Json;
import com.rateplatform.gateway.support.RunningGateway;
import com.rateplatform.gateway.support.TestServers;

/** Who may call what: 401 without acceptable credentials, 403 without the scope, 404 for another caller's request. */
class AuthenticationTest {

    private static final String BODY = "{\"data\": {\"items\": [{\"phone\": \"0912345678\"}]}}";

    private static RunningGateway gateway;
    private static ApiTokenStore apiTokens;

    @BeforeAll
    static void start() throws Exception {
        gateway = RunningGateway.start(TestServers.uniquePrefix("auth"));
        apiTokens = gateway.context().getRegistry().lookupByNameAndType("apiTokenStore", ApiTokenStore.class);
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @Test
    void requestWithoutCredentialsIs401WithABearerChallenge() {
        HttpResponse<String> response = post(gateway.unauthenticated("/api/validation/validate"));

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"rate-gateway\"");
        assertThat(error(response).get("code").asText()).isEqualTo("UNAUTHORIZED");
    }

    @Test
    void bearerTokenSignedWithAnotherSecretIs401InvalidToken() {
        String forged = RunningGateway.token("test-client", Scopes.ALL).replaceAll(".$", "A").replaceAll(".{4}$", "AAAA");

        HttpResponse<String> response = post(gateway.unauthenticated("/api/validation/validate")
                .header("Authorization", "Bearer " + forged));

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                challenge -> assertThat(challenge).contains("error=\"invalid_token\""));
    }

    @Test
    void authorizationOtherThanBearerIs401() {
        HttpResponse<String> response = post(gateway.unauthenticated("/api/validation/validate")
                .header("Authorization", "Basic dXNlcjpwYXNz"));

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(error(response).get("message").asText()).contains("Bearer");
    }

    @Test
    void unknownApiTokenIs401() {
        HttpResponse<String> response = post(gateway.unauthenticated("/api/validation/validate")
                .header("X-API-Token", "rgw_" + "A".repeat(43)));

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(error(response).get("message").asText()).isEqualTo("the X-API-Token is unknown");
    }

    @Test
    void callerWithoutTheScopeGets403NamingIt() {
        HttpResponse<String> response = post(gateway.unauthenticated("/api/validation/validate")
                .header("Authorization", "Bearer " + RunningGateway.token("reader", List.of(Scopes.VALIDATION_READ))));

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(error(response).get("code").asText()).isEqualTo("FORBIDDEN");
        assertThat(error(response).get("message").asText()).contains("validation:write");
    }

    @Test
    void importerScopesDoNotOpenTheValidationStatus() {
        HttpResponse<String> response = RunningGateway.send(gateway.unauthenticated("/api/validation/status/any")
                .header("Authorization", "Bearer " + RunningGateway.token("importer", List.of(Scopes.IMPORTER_READ))).GET());

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(error(response).get("message").asText()).contains("validation:read");
    }

    @Test
    void anotherCallersRequestIs404AndTheOwnersIsFound() {
        String owner = RunningGateway.token("owner", List.of(Scopes.VALIDATION_WRITE, Scopes.VALIDATION_READ));
        String other = RunningGateway.token("other", List.of(Scopes.VALIDATION_READ));
        String requestId = Json.read(post(gateway.unauthenticated("/api/validation/validate")
                .header("Authorization", "Bearer " + owner)).body(), Map.class).get("request_id").toString();

        HttpResponse<String> asOther = RunningGateway.send(gateway.unauthenticated("/api/validation/status/" + requestId)
                .header("Authorization", "Bearer " + other).GET());
        HttpResponse<String> asOwner = RunningGateway.send(gateway.unauthenticated("/api/validation/status/" + requestId)
                .header("Authorization", "Bearer " + owner).GET());

        assertThat(asOther.statusCode()).isEqualTo(404);
        assertThat(asOwner.statusCode()).isEqualTo(200);
    }

    @Test
    void apiTokenFromTheTokenCommandIsAcceptedAndRecordsItsNameAsTheCaller() throws Exception {
        String token = tokenCommand("create", "--name", "importer-service", "--scopes", "importer:write,importer:read").lines()
                .filter(line -> line.startsWith("rgw_")).findFirst().orElseThrow();

        HttpResponse<String> accepted = post(gateway.unauthenticated("/api/importer/import").header("X-API-Token", token));

        assertThat(accepted.statusCode()).isEqualTo(202);
        String requestId = Json.MAPPER.readTree(accepted.body()).get("request_id").asText();
        try (var connection = TestServers.get().jdbc();
             var query = connection.prepareStatement("SELECT user_id FROM validation_requests WHERE request_id = ?")) {
            query.setString(1, requestId);
            try (var rs = query.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("token:importer-service");
            }
        }
    }

    @Test
    void revokedApiTokenIs401() throws Exception {
        ApiTokenStore.IssuedToken issued = apiTokens.create("soon-revoked", List.of(Scopes.VALIDATION_WRITE), null, "test");
        apiTokens.revoke(issued.stored().id(), "test");

        HttpResponse<String> response = post(gateway.unauthenticated("/api/validation/validate").header("X-API-Token", issued.token()));

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(error(response).get("message").asText()).isEqualTo("the X-API-Token is revoked");
    }

    @Test
    void apiTokenRevokedAfterUseIsRefusedOnceTheGatewayHasSeenTheRevocation() throws Exception {
        ApiTokenStore.IssuedToken issued = apiTokens.create("revoked-in-use", List.of(Scopes.VALIDATION_WRITE), null, "test");
        assertThat(post(gateway.unauthenticated("/api/validation/validate").header("X-API-Token", issued.token())).statusCode())
                .isEqualTo(202);

        apiTokens.revoke(issued.stored().id(), "test");

        // The verification is remembered; the gateway drops it at its next revocation check (every second by default).
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            HttpResponse<String> response = post(gateway.unauthenticated("/api/validation/validate").header("X-API-Token", issued.token()));
            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(error(response).get("message").asText()).isEqualTo("the X-API-Token is revoked");
        });
    }

    @Test
    void expiredApiTokenIs401() throws Exception {
        ApiTokenStore.IssuedToken issued = apiTokens.create("expired", List.of(Scopes.VALIDATION_WRITE),
                Instant.now().minusSeconds(1), "test");

        HttpResponse<String> response = post(gateway.unauthenticated("/api/validation/validate").header("X-API-Token", issued.token()));

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(error(response).get("message").asText()).isEqualTo("the X-API-Token is expired");
    }

    @Test
    void healthAndMetricsNeedNoCredentials() {
        assertThat(RunningGateway.send(gateway.unauthenticated("/api/health").GET()).statusCode()).isEqualTo(200);
        assertThat(RunningGateway.send(gateway.unauthenticated("/metrics").GET()).statusCode()).isEqualTo(200);
    }

    private static HttpResponse<String> post(HttpRequest.Builder request) {
        return RunningGateway.send(request.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(BODY)));
    }

    private static JsonNode error(HttpResponse<String> response) {
        try {
            return Json.MAPPER.readTree(response.body()).get("error");
        } catch (Exception e) {
            throw new AssertionError("Not a JSON error: " + response.body(), e);
        }
    }

    private static String tokenCommand(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TestServers servers = TestServers.get();
        int exitCode = TokenCommand.run(List.of(args), Map.of("DB_URL", servers.dbUrl(), "DB_USER", servers.dbUser(),
                "DB_PASSWORD", servers.dbPassword(), "DB_SCHEMA", servers.schema()),
                new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
        assertThat(exitCode).isZero();
        return out.toString(StandardCharsets.UTF_8);
    }
}
