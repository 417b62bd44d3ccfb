package com.rateplatform.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import com.rateplatform.gateway.message.Json;
import com.rateplatform.gateway.support.RunningGateway;
import com.rateplatform.gateway.support.TestServers;

/**
 * Over 500 generated malformed or hostile requests ({@link HostileRequests}, seed {@value #SEED}): each is refused
 * with a 4xx JSON error that reveals no internals, none reaches a stream or the database, and the service is healthy
 * afterwards.
 */
@Tag("slow")
class HostileRequestsFuzzTest {

    private static final long SEED = 20261122L;
    private static final int PER_KIND = 32;
    private static final String CALLER = "fuzzer";
    private static final List<String> STREAMS = List.of("validation_requests", "extension_responses", "importer_responses",
            "validation_dlq");

    private static RunningGateway gateway;
    private static List<HostileRequests.Case> cases;
    private static final List<String> answers = new ArrayList<>();
    private static final List<String> serverErrors = new ArrayList<>();
    private static final List<String> notJsonErrors = new ArrayList<>();
    private static final List<String> revealingInternals = new ArrayList<>();
    private static final Map<String, Long> streamLengths = new LinkedHashMap<>();
    private static long recordedRequests;

    @BeforeAll
    static void sendThemAll() throws Exception {
        Map<String, String> noRateLimits = Map.of(
                "rate.roles", "gateway",
                "rate.security.rate-limit.validation-write", "1000000/1m",
                "rate.security.rate-limit.validation-read", "1000000/1m",
                "rate.security.rate-limit.importer-write", "1000000/1m",
                "rate.security.rate-limit.importer-read", "1000000/1m");
        gateway = RunningGateway.start(TestServers.uniquePrefix("fuzz"), noRateLimits);
        cases = new HostileRequests(SEED, "Bearer " + RunningGateway.token(CALLER, Scopes.ALL)).generate(PER_KIND);
        for (HostileRequests.Case c : cases) {
            HttpResponse<String> response = RunningGateway.send(request(c));
            String answer = response.statusCode() + " " + c;
            answers.add(answer);
            if (response.statusCode() >= 500 || response.statusCode() < 400) {
                serverErrors.add(answer + " -> " + response.body());
            }
            if (!isJsonError(response.body())) {
                notJsonErrors.add(answer + " -> " + response.body());
            }
            if (response.body().matches("(?s).*(Exception|\\bat (java|com|org|io)\\.|com\\.rateplatform|jackson|lettuce|postgresql|Source:|Feature).*")) {
                revealingInternals.add(answer + " -> " + response.body());
            }
        }
        // Taken before any test runs, so a test that sends a valid request cannot blur them.
        for (String stream : STREAMS) {
            String key = gateway.key(stream);
            streamLengths.put(stream, TestServers.get().redis().exists(key) == 0 ? 0 : TestServers.get().redis().xlen(key));
        }
        recordedRequests = countRequestsOf(CALLER);
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @Test
    void atLeastFiveHundredRequestsWereSent() {
        assertThat(cases).hasSizeGreaterThanOrEqualTo(500);
    }

    @Test
    void everyRequestIsRefusedWithAClientErrorNeverAServerError() {
        assertThat(serverErrors).as("seed %d", SEED).isEmpty();
    }

    @Test
    void everyRefusalIsAJsonError() {
        assertThat(notJsonErrors).as("seed %d", SEED).isEmpty();
    }

    @Test
    void noRefusalRevealsInternals() {
        assertThat(revealingInternals).as("seed %d", SEED).isEmpty();
    }

    @Test
    void nothingWasPublishedToAnyStream() {
        assertThat(streamLengths).containsOnlyKeys(STREAMS).allSatisfy((stream, length) -> assertThat(length).as(stream).isZero());
    }

    @Test
    void nothingWasRecordedInTheDatabase() {
        assertThat(recordedRequests).isZero();
    }

    @Test
    void theServiceIsHealthyAndStillAcceptsAValidRequestAfterwards() {
        assertThat(gateway.get("/api/health").statusCode()).isEqualTo(200);
        assertThat(gateway.postJson("/api/validation/validate", "{\"data\": {\"items\": [{\"phone\": \"0912345678\"}]}}")
                .statusCode()).isEqualTo(202);
    }

    private static HttpRequest.Builder request(HostileRequests.Case c) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway.url(c.path())));
        c.headers().forEach(request::header);
        return c.body() == null ? request.GET() : request.method(c.method(), HttpRequest.BodyPublishers.ofByteArray(c.body()));
    }

    private static long countRequestsOf(String caller) throws Exception {
        try (Connection connection = TestServers.get().jdbc();
             PreparedStatement count = connection.prepareStatement("SELECT count(*) FROM validation_requests WHERE user_id = ?")) {
            count.setString(1, caller);
            try (ResultSet rs = count.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static boolean isJsonError(String body) {
        try {
            return Json.MAPPER.readTree(body).path("error").path("code").isTextual();
        } catch (Exception e) {
            return false;
        }
    }
}
