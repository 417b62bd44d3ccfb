package com.rateplatform.gateway.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static com.rateplatform.gateway.support.JsonBodies.json;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import io.lettuce.core.StreamMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.rateplatform.gateway.message.Json;
import com.rateplatform.gateway.support.RunningGateway;
import com.rateplatform.gateway.support.TestServers;

/** The whole request path against real Redis and PostgreSQL: HTTP in, streams, validator, recorder, status. */
class PipelineEndToEndTest {

    private static RunningGateway gateway;

    @BeforeAll
    static void start() throws Exception {
        gateway = RunningGateway.start(TestServers.uniquePrefix("e2e"));
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @Test
    void validateIsAnswered202WithARequestIdAndProcessing() {
        HttpResponse<String> response = gateway.postJson("/api/validation/validate",
                "{\"data\": {\"items\": [{\"phone\": \"0912345678\"}]}}");

        assertThat(response.statusCode()).isEqualTo(202);
        JsonNode body = json(response);
        assertThat(body.get("request_id").asText()).matches("[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
        assertThat(body.get("status").asText()).isEqualTo("processing");
    }

    @Test
    void validatedRequestReachesSuccessWithOneResultPerItem() {
        String requestId = accepted(gateway.postJson("/api/validation/validate", """
                {"data": {"items": [
                  {"name": "Nguyễn Văn An", "phone": "0912345678"},
                  {"item_id": "mine", "bank_account": "0123456789"},
                  {"phone": "+84 912 345 679"}
                ]}}"""));

        JsonNode done = awaitFinalStatus("/api/validation/status/" + requestId);

        assertThat(done.get("status").asText()).isEqualTo("success");
        assertThat(done.get("results")).hasSize(3);
        assertThat(done.get("results").findValuesAsText("item_id")).containsExactly("item_001", "mine", "item_003");
        assertThat(done.get("results").findValuesAsText("verdict")).containsOnly("DONE");
        assertThat(done.has("processing_time_ms")).isTrue();
    }

    @Test
    void requestWithSomeInvalidItemsEndsPartial() {
        String requestId = accepted(gateway.postJson("/api/validation/validate",
                "{\"data\": {\"items\": [{\"phone\": \"0912345678\"}, {\"name\": \"No Contact\"}]}}"));

        JsonNode done = awaitFinalStatus("/api/validation/status/" + requestId);

        assertThat(done.get("status").asText()).isEqualTo("partial");
        assertThat(done.get("results").get(1).get("verdict").asText()).isEqualTo("ERROR");
        assertThat(done.get("results").get(1).get("error_code").asText()).isEqualTo("FIELD_REQUIRED");
    }

    @Test
    void importedRequestIsPublishedToImporterResponses() {
        String requestId = accepted(gateway.postJson("/api/importer/import",
                "{\"data\": {\"items\": [{\"name\": \"Trần Thị Bình\", \"bank_account\": \"0123456789\"}]}}"));

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            List<StreamMessage<String, String>> entries = TestServers.get().redis()
                    .xrange(gateway.key("importer_responses"), io.lettuce.core.Range.create("-", "+"));
            assertThat(entries).anySatisfy(e -> assertThat(Json.MAPPER.readTree(e.getBody().get("data"))
                    .get("request_id").asText()).isEqualTo(requestId));
        });
        assertThat(awaitFinalStatus("/api/importer/status/" + requestId).get("status").asText()).isEqualTo("success");
    }

    @Test
    void batchAcceptsSeveralRequestsAndEachCompletes() {
        HttpResponse<String> response = gateway.postJson("/api/validation/batch", """
                {"requests": [
                  {"request_id": "batch-a-%1$s", "data": {"items": [{"phone": "0912345678"}]}},
                  {"request_id": "batch-b-%1$s", "action": "check", "data": {"items": [{"bank_account": "12345678"}]}}
                ]}""".formatted(System.nanoTime()));

        assertThat(response.statusCode()).isEqualTo(202);
        JsonNode requests = json(response).get("requests");
        assertThat(requests).hasSize(2);
        for (JsonNode request : requests) {
            assertThat(awaitFinalStatus("/api/validation/status/" + request.get("request_id").asText())
                    .get("status").asText()).isEqualTo("success");
        }
    }

    @Test
    void checkReportsHowOftenAPhoneOrAccountWasImportedAndZeroForAnUnrelatedNumber() {
        String phone = "09%08d".formatted(System.nanoTime() % 100_000_000);
        String account = "77%010d".formatted(System.nanoTime() % 10_000_000_000L);
        String first = accepted(gateway.postJson("/api/importer/import", """
                {"data": {"items": [{"name": "Lê Văn Cường", "phone": "%s", "bank_account": "%s"}]}}""".formatted(phone, account)));
        awaitFinalStatus("/api/importer/status/" + first);
        String second = accepted(gateway.postJson("/api/importer/import", """
                {"data": {"items": [{"name": "Phạm Thị Dung", "phone": "+84 %s"}]}}""".formatted(phone.substring(1))));
        awaitFinalStatus("/api/importer/status/" + second);

        String check = accepted(gateway.postJson("/api/validation/validate", """
                {"action": "check", "data": {"items": [
                  {"phone": "%s"}, {"bank_account": "%s"}, {"phone": "%s"}]}}""".formatted(phone, account, "03%08d".formatted((System.nanoTime() / 7) % 100_000_000))));
        JsonNode results = awaitFinalStatus("/api/validation/status/" + check).get("results");

        JsonNode byPhone = results.get(0).get("details").get("reports");
        assertThat(byPhone.get("count").asLong()).isEqualTo(2);
        assertThat(java.time.Instant.parse(byPhone.get("first_seen").asText()))
                .isBefore(java.time.Instant.parse(byPhone.get("last_seen").asText()));
        assertThat(results.get(1).get("details").get("reports").get("count").asLong()).isEqualTo(1);
        JsonNode unrelated = results.get(2).get("details").get("reports");
        assertThat(unrelated.get("count").asLong()).isZero();
        assertThat(unrelated.get("first_seen").isNull()).isTrue();
    }

    @Test
    void statusIsProcessingWhileNoResponseIsRecorded() throws Exception {
        String requestId = "held-" + System.nanoTime();
        try (var connection = TestServers.get().jdbc(); var insert = connection.prepareStatement(
                "INSERT INTO validation_requests (request_id, source, user_id, action, data, item_count) "
                + "VALUES (?, 'extension', ?, 'validate', '{}'::jsonb, 1)")) {
            insert.setString(1, requestId);
            insert.setString(2, RunningGateway.CALLER);
            insert.executeUpdate();
        }

        HttpResponse<String> response = gateway.get("/api/validation/status/" + requestId);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response).get("status").asText()).isEqualTo("processing");
    }

    @Test
    void unknownRequestIdIs404WithJsonError() {
        HttpResponse<String> response = gateway.get("/api/validation/status/does-not-exist");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(json(response).get("error").get("code").asText()).isEqualTo("NOT_FOUND");
    }

    @Test
    void importerRequestIsUnknownToTheValidationStatusEndpoint() {
        String requestId = accepted(gateway.postJson("/api/importer/import",
                "{\"data\": {\"items\": [{\"phone\": \"0912345678\"}]}}"));

        assertThat(gateway.get("/api/validation/status/" + requestId).statusCode()).isEqualTo(404);
    }

    @Test
    void repeatedRequestIdIsPublishedOnce() {
        String requestId = "repeat-" + System.nanoTime();
        String body = "{\"request_id\": \"" + requestId + "\", \"data\": {\"items\": [{\"phone\": \"0912345678\"}]}}";

        assertThat(gateway.postJson("/api/validation/validate", body).statusCode()).isEqualTo(202);
        assertThat(gateway.postJson("/api/validation/validate", body).statusCode()).isEqualTo(202);

        long published = TestServers.get().redis().xrange(gateway.key("validation_requests"), io.lettuce.core.Range.create("-", "+"))
                .stream().filter(e -> e.getBody().get("data").contains(requestId)).count();
        assertThat(published).isEqualTo(1);
    }

    @Test
    void repeatedIdempotencyKeyGetsTheFirstAnswerAndIsPublishedOnce() throws Exception {
        String key = "key-" + System.nanoTime();
        java.util.function.Supplier<HttpResponse<String>> post = () -> RunningGateway.send(gateway.request("/api/validation/validate")
                .header("Content-Type", "application/json").header("Idempotency-Key", key)
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"data\": {\"items\": [{\"phone\": \"0912345678\"}]}}")));

        HttpResponse<String> first = post.get();
        HttpResponse<String> second = post.get();

        assertThat(second.statusCode()).isEqualTo(202);
        assertThat(second.body()).isEqualTo(first.body());
        String requestId = json(first).get("request_id").asText();
        long published = TestServers.get().redis().xrange(gateway.key("validation_requests"), io.lettuce.core.Range.create("-", "+"))
                .stream().filter(e -> e.getBody().get("data").contains(requestId)).count();
        assertThat(published).isEqualTo(1);
    }

    @Test
    void healthIsUpWhenRedisAndPostgresAnswer() {
        HttpResponse<String> response = gateway.get("/api/health");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response).get("status").asText()).isEqualTo("UP");
    }

    @Test
    void metricsExposeCamelRouteMetricsInPrometheusFormat() {
        gateway.postJson("/api/validation/validate", "{\"data\": {\"items\": [{\"phone\": \"0912345678\"}]}}");

        HttpResponse<String> response = gateway.get("/metrics");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("routeId=\"accept\"").contains("routeId=\"validator\"");
    }

    private static String accepted(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        return json(response).get("request_id").asText();
    }

    private static JsonNode awaitFinalStatus(String path) {
        return await().atMost(Duration.ofSeconds(20)).until(() -> json(gateway.get(path)),
                body -> body.has("status") && !"processing".equals(body.get("status").asText()));
    }

}
