package com.rateplatform.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.rateplatform.gateway.message.Json;
import com.rateplatform.gateway.support.RunningGateway;
import com.rateplatform.gateway.support.TestServers;

/**
 * Every input limit over HTTP: the status, a JSON error naming the code (and the field where there is one), no
 * internals in the answer, and nothing published. The limits are set low here so the tests stay small.
 */
class InputLimitsTest {

    private static final String PREFIX = TestServers.uniquePrefix("limits");
    private static final String ONE_ITEM = "{\"data\": {\"items\": [{\"phone\": \"0912345678\"}]}}";

    private static RunningGateway gateway;

    @BeforeAll
    static void start() throws Exception {
        gateway = RunningGateway.start(PREFIX, Map.of(
                "rate.roles", "gateway",
                "camel.server.max-body-size", "4096",
                "rate.intake.max-items", "5",
                "rate.intake.max-batch-requests", "3",
                "rate.intake.max-field-length", "40",
                "rate.intake.max-json-depth", "8"));
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @AfterEach
    void nothingWasPublished() {
        assertThat(TestServers.get().redis().exists(gateway.key("validation_requests"))).isZero();
    }

    @Test
    void bodyLargerThanTheLimitIs413() {
        String big = "{\"data\": {\"items\": [{\"metadata\": \"" + "x".repeat(5000) + "\"}]}}";

        assertRefused(gateway.postJson("/api/validation/validate", big), 413, "BODY_TOO_LARGE", null);
    }

    @ParameterizedTest(name = "{0} -> {3} {4} {5}")
    @CsvSource(delimiter = '|', textBlock = """
            more items than the limit      | /api/validation/validate | '{"data": {"items": [{}, {}, {}, {}, {}, {}]}}'                       | 413 | TOO_MANY_ITEMS             | data.items
            more requests than the limit   | /api/validation/batch    | '{"requests": [{"data": {"items": [{}]}}, {"data": {"items": [{}]}}, {"data": {"items": [{}]}}, {"data": {"items": [{}]}}]}' | 413 | TOO_MANY_REQUESTS_IN_BATCH | requests
            a field longer than the limit  | /api/validation/validate | '{"data": {"items": [{"name": "NNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNN"}]}}' | 400 | FIELD_TOO_LONG | data.items[0].name
            a wrong type                   | /api/validation/validate | '{"data": {"items": [{"phone": 912345678}]}}'                        | 400 | INVALID_TYPE               | data.items[0].phone
            an unknown action              | /api/validation/validate | '{"action": "import", "data": {"items": [{}]}}'                       | 400 | INVALID_VALUE              | action
            an unknown priority            | /api/importer/import     | '{"priority": "urgent", "data": {"items": [{}]}}'                     | 400 | INVALID_VALUE              | priority
            a repeated key                 | /api/validation/validate | '{"data": {"items": [{}]}, "data": {"items": [{}]}}'                  | 400 | MALFORMED_JSON             |
            a control character            | /api/validation/validate | '{"data": {"items": [{"bank_account": "0123\\u0000456"}]}}'          | 400 | INVALID_VALUE              | data.items[0].bank_account
            a plain http webhook           | /api/validation/validate | '{"callback_config": {"webhook_url": "http://93.184.216.34/hook"}, "data": {"items": [{}]}}' | 400 | INVALID_VALUE | callback_config.webhook_url
            a webhook to cloud metadata    | /api/validation/batch    | '{"requests": [{"data": {"items": [{}]}}, {"callback_config": {"webhook_url": "https://169.254.169.254/latest/"}, "data": {"items": [{}]}}]}' | 400 | INVALID_VALUE | requests[1].callback_config.webhook_url
            """)
    void bodyOverALimitOrWrongIsRefusedNamingTheField(String what, String path, String body, int status, String code, String field) {
        assertRefused(gateway.postJson(path, body), status, code, field);
    }

    @Test
    void bodyThatIsNotDeclaredJsonIs415() {
        HttpResponse<String> response = RunningGateway.send(gateway.request("/api/validation/validate")
                .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString(ONE_ITEM)));

        assertRefused(response, 415, "UNSUPPORTED_MEDIA_TYPE", null);
    }

    @Test
    void bodyWithoutContentTypeIs415() {
        HttpResponse<String> response = RunningGateway.send(gateway.request("/api/importer/import")
                .POST(HttpRequest.BodyPublishers.ofString(ONE_ITEM)));

        assertRefused(response, 415, "UNSUPPORTED_MEDIA_TYPE", null);
    }

    @Test
    void jsonInACharsetOtherThanUtf8Is415() {
        HttpResponse<String> response = RunningGateway.send(gateway.request("/api/validation/validate")
                .header("Content-Type", "application/json; charset=ISO-8859-1")
                .POST(HttpRequest.BodyPublishers.ofString(ONE_ITEM)));

        assertRefused(response, 415, "UNSUPPORTED_MEDIA_TYPE", null);
    }

    @Test
    void malformedJsonIs400SayingWhereItBroke() {
        HttpResponse<String> response = gateway.postJson("/api/validation/validate", "{\"data\": {\"items\": [{\"phone\": }]}}");

        assertRefused(response, 400, "MALFORMED_JSON", null);
        assertThat(error(response).get("message").asText()).contains("line 1, column 31");
    }

    @Test
    void bodyThatIsNotUtf8Is400() {
        byte[] body = "{\"data\": {\"items\": [{\"name\": \"An\"}]}}".getBytes(StandardCharsets.UTF_8);
        body[30] = (byte) 0xC3;
        HttpResponse<String> response = RunningGateway.send(gateway.request("/api/validation/validate")
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body)));

        assertRefused(response, 400, "MALFORMED_JSON", null);
        assertThat(error(response).get("message").asText()).contains("UTF-8");
    }

    @Test
    void nestingDeeperThanTheLimitIs400() {
        HttpResponse<String> response = gateway.postJson("/api/validation/validate",
                "{\"data\": {\"items\": [{\"metadata\": [[[[[[[[1]]]]]]]]}]}}");

        assertRefused(response, 400, "MALFORMED_JSON", null);
        assertThat(error(response).get("message").asText()).contains("nested deeper than 8 levels");
    }

    @Test
    void pathNoRouteServesIs404Json() {
        assertRefused(gateway.get("/api/nothing/here"), 404, "NOT_FOUND", null);
    }

    private static void assertRefused(HttpResponse<String> response, int status, String code, String field) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        JsonNode error = error(response);
        assertThat(error.get("code").asText()).isEqualTo(code);
        if (field == null) {
            assertThat(error.has("field")).as(response.body()).isFalse();
        } else {
            assertThat(error.get("field").asText()).isEqualTo(field);
        }
        assertThat(response.body()).doesNotContain("Exception", "java.", "com.rateplatform", "jackson");
    }

    private static JsonNode error(HttpResponse<String> response) {
        try {
            return Json.MAPPER.readTree(response.body()).get("error");
        } catch (Exception e) {
            throw new AssertionError("Not a JSON error: " + response.body(), e);
        }
    }
}
