package com.rateplatform.gateway.importer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static com.rateplatform.gateway.support.JsonBodies.json;

import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import com.rateplatform.gateway.message.Json;
import com.rateplatform.gateway.support.RunningGateway;
import com.rateplatform.gateway.support.TestKeys;
import com.rateplatform.gateway.support.TestServers;

/** POST /api/importer/bulk end to end: streamed body, chunks on the stream, batch status, paged results, errors. */
@Tag("slow")
class BulkImportTest {

    /** Small chunks and groups, so a few dozen lines make several chunks and several publishes. */
    private static final Map<String, String> SMALL_CHUNKS = Map.of("rate.importer.chunk-size", "10",
            "rate.importer.chunks-per-publish", "3", "rate.importer.max-body-bytes", "100000");

    private static RunningGateway gateway;

    @BeforeAll
    static void start() throws Exception {
        gateway = RunningGateway.start(TestServers.uniquePrefix("bulk"), SMALL_CHUNKS);
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @Test
    void ndjsonIsAnswered202WithTheBatchIdChunksAndItems() {
        HttpResponse<String> response = postNdjson(gateway, lines(25));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        JsonNode body = json(response);
        assertThat(body.get("batch_id").asText()).isNotBlank();
        assertThat(body.get("chunks").asInt()).isEqualTo(3);
        assertThat(body.get("items").asInt()).isEqualTo(25);
        assertThat(body.get("status").asText()).isEqualTo("processing");
    }

    @Test
    void eachChunkIsOneMessageOnValidationRequestsWithTheBatchId() throws Exception {
        String batchId = accepted(postNdjson(gateway, lines(25)));

        List<JsonNode> chunks = new ArrayList<>();
        for (var entry : TestServers.get().redis().xrange(gateway.key("validation_requests"), io.lettuce.core.Range.create("-", "+"))) {
            // Read as a worker reads it: the items travel sealed.
            JsonNode message = Json.MAPPER.readTree(TestKeys.codec().reveal(entry.getBody().get("data")));
            if (batchId.equals(message.path("batch_id").asText())) {
                chunks.add(message);
            }
        }
        assertThat(chunks).hasSize(3);
        assertThat(chunks).extracting(c -> c.get("data").get("items").size()).containsExactly(10, 10, 5);
        assertThat(chunks).allSatisfy(c -> {
            assertThat(c.get("source").asText()).isEqualTo("importer");
            assertThat(c.get("action").asText()).isEqualTo("import");
        });
    }

    @Test
    void batchCompletesWithCountsOfDoneAndErrorItemsAndEveryChunkState() {
        List<String> lines = lines(25);
        lines.set(3, "{\"name\": \"No Contact\"}");
        lines.set(17, "{\"name\": \"No Contact\"}");
        String batchId = accepted(postNdjson(gateway, lines));

        JsonNode status = awaitFinalStatus(batchId);

        assertThat(status.get("status").asText()).isEqualTo("partial");
        assertThat(status.get("items").asLong()).isEqualTo(25);
        assertThat(status.get("done").asLong()).isEqualTo(23);
        assertThat(status.get("error").asLong()).isEqualTo(2);
        assertThat(status.get("pending").asLong()).isZero();
        assertThat(status.get("results").asText()).isEqualTo("/api/importer/status/" + batchId + "/results");
        JsonNode chunks = status.get("chunk_states");
        assertThat(chunks).hasSize(3);
        assertThat(chunks.findValuesAsText("status")).containsExactly("partial", "partial", "success");
        assertThat(chunks.get(1).get("first_line").asLong()).isEqualTo(11);
        assertThat(chunks.get(1).get("last_line").asLong()).isEqualTo(20);
    }

    @Test
    void statusIsProcessingWithPendingItemsUntilChunksAreValidated() {
        try (RunningGateway noWorkers = startGateway(Map.of("rate.roles", "gateway"))) {
            String batchId = accepted(postNdjson(noWorkers, lines(12)));

            JsonNode status = json(noWorkers.get("/api/importer/status/" + batchId));

            assertThat(status.get("status").asText()).isEqualTo("processing");
            assertThat(status.get("pending").asLong()).isEqualTo(12);
            assertThat(status.get("chunk_states").findValuesAsText("status")).containsOnly("pending");
        }
    }

    @Test
    void resultsArePagedInInputOrderUntilTheCursorRunsOut() {
        String batchId = accepted(postNdjson(gateway, lines(25)));
        awaitFinalStatus(batchId);

        List<String> itemIds = new ArrayList<>();
        String cursor = "";
        int pages = 0;
        do {
            JsonNode page = json(gateway.get("/api/importer/status/" + batchId + "/results?limit=7&cursor=" + cursor));
            page.get("results").forEach(r -> itemIds.add(r.get("item_id").asText()));
            cursor = page.get("next_cursor").isNull() ? null : page.get("next_cursor").asText();
            pages++;
        } while (cursor != null);

        assertThat(pages).isEqualTo(4);
        assertThat(itemIds).containsExactlyElementsOf(IntStream.rangeClosed(1, 25).mapToObj(i -> "row-" + i).toList());
    }

    @Test
    void itemsWithoutAnItemIdAreNamedByTheirLine() {
        String batchId = accepted(postNdjson(gateway, List.of("{\"phone\": \"0912345678\"}", "", "{\"phone\": \"0912345679\"}")));
        awaitFinalStatus(batchId);

        JsonNode page = json(gateway.get("/api/importer/status/" + batchId + "/results"));

        assertThat(page.get("results").findValuesAsText("item_id")).containsExactly("item_001", "item_003");
    }

    @Test
    void jsonBodyIsReadItemByItemAndItsCallbackConfigMayFollowTheItems() {
        String items = IntStream.rangeClosed(1, 12).mapToObj(i -> "{\"item_id\": \"j-" + i + "\", \"name\": \"Trần Thị Bình\", \"phone\": \"09123456" + (10 + i) + "\"}")
                .collect(Collectors.joining(",\n"));
        HttpResponse<String> response = post(gateway, "application/json",
                "{\"data\": {\"items\": [\n" + items + "\n]}, \"callback_config\": {\"webhook_url\": null}}");

        JsonNode body = json(response);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        assertThat(body.get("chunks").asInt()).isEqualTo(2);
        JsonNode status = awaitFinalStatus(body.get("batch_id").asText());
        assertThat(status.get("done").asLong()).as(status.toString()).isEqualTo(12);
    }

    @Test
    void theStatusEndpointStillAnswersForAnImporterRequestId() {
        HttpResponse<String> imported = gateway.postJson("/api/importer/import", "{\"data\": {\"items\": [{\"phone\": \"0912345678\"}]}}");
        String requestId = json(imported).get("request_id").asText();

        JsonNode status = await().atMost(Duration.ofSeconds(20)).until(() -> json(gateway.get("/api/importer/status/" + requestId)),
                s -> !"processing".equals(s.get("status").asText()));

        assertThat(status.get("request_id").asText()).isEqualTo(requestId);
        assertThat(status.get("results")).hasSize(1);
    }

    @Test
    void aBadLineStopsTheImportAnd400NamesItsLine() {
        JsonNode error = refused(linesWith(5, 3, "{\"phone\": 912345678}"));

        assertThat(error.get("code").asText()).isEqualTo("INVALID_TYPE");
        assertThat(error.get("line").asLong()).isEqualTo(3);
        assertThat(error.get("field").asText()).isEqualTo("phone");
        assertThat(error.get("message").asText()).startsWith("line 3: ");
        assertThat(error.has("batch_id")).as("nothing was sent before line 3").isFalse();
    }

    @Test
    void malformedJsonOnALineIs400WithThatLine() {
        JsonNode error = refused(linesWith(5, 2, "{\"phone\": \"0912345678\""));

        assertThat(error.get("code").asText()).isEqualTo("MALFORMED_JSON");
        assertThat(error.get("line").asLong()).isEqualTo(2);
    }

    @Test
    void aBadLineAfterSentChunksNamesTheBatchThatHoldsThem() {
        // Groups of 3 chunks of 10: lines 1-30 are sent while 31-60 are read, then line 71 stops the import.
        JsonNode error = refused(linesWith(75, 71, "not json"));

        assertThat(error.get("line").asLong()).isEqualTo(71);
        assertThat(error.get("items_accepted").asLong()).isEqualTo(30);
        JsonNode status = awaitFinalStatus(error.get("batch_id").asText());
        assertThat(status.get("status").asText()).isEqualTo("partial");
        assertThat(status.get("items").asLong()).isEqualTo(30);
        assertThat(status.get("done").asLong()).isEqualTo(30);
        assertThat(status.get("intake_error").asText()).startsWith("line 71: ");
    }

    @Test
    void withThePolicySkipBadLinesAreReportedAndTheRestIsImported() {
        try (RunningGateway skipping = startGateway(Map.of("rate.importer.on-bad-line", "skip"))) {
            List<String> lines = lines(12);
            lines.set(1, "[1, 2]");
            lines.set(6, "{\"item_id\": \"row-1\", \"phone\": \"0912345678\"}");

            HttpResponse<String> response = postNdjson(skipping, lines);

            assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
            JsonNode body = json(response);
            assertThat(body.get("items").asInt()).isEqualTo(10);
            assertThat(body.get("rejected").asInt()).isEqualTo(2);
            assertThat(body.get("rejected_lines").findValuesAsText("line")).containsExactly("2", "7");
            assertThat(body.get("rejected_lines").findValuesAsText("code")).containsExactly("INVALID_TYPE", "DUPLICATE_ITEM_ID");
            JsonNode status = await().atMost(Duration.ofSeconds(20)).until(
                    () -> json(skipping.get("/api/importer/status/" + body.get("batch_id").asText())),
                    s -> !"processing".equals(s.get("status").asText()));
            assertThat(status.get("status").asText()).isEqualTo("partial");
            assertThat(status.get("rejected").asLong()).isEqualTo(2);
            assertThat(status.get("done").asLong()).isEqualTo(10);
        }
    }

    @Test
    void aDeclaredLengthOverTheLimitIs413BeforeAnythingIsRead() {
        HttpResponse<String> response = post(gateway, "application/x-ndjson", String.join("\n", lines(2000)));

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(json(response).get("error").get("code").asText()).isEqualTo("BODY_TOO_LARGE");
    }

    @Test
    void aStreamedBodyThatGrowsOverTheLimitIs413() {
        byte[] body = String.join("\n", lines(2000)).getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> response = RunningGateway.send(gateway.request("/api/importer/bulk")
                .header("Content-Type", "application/x-ndjson")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))));

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(json(response).get("error").get("code").asText()).isEqualTo("BODY_TOO_LARGE");
    }

    @Test
    void anotherContentTypeIs415() {
        HttpResponse<String> response = post(gateway, "text/csv", "name,phone\nAn,0912345678\n");

        assertThat(response.statusCode()).isEqualTo(415);
        assertThat(json(response).get("error").get("code").asText()).isEqualTo("UNSUPPORTED_MEDIA_TYPE");
    }

    @Test
    void anEmptyBodyIs400() {
        HttpResponse<String> response = post(gateway, "application/x-ndjson", "\n\n");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).get("error").get("code").asText()).isEqualTo("EMPTY_BODY");
    }

    @Test
    void anUnknownBatchIdIs404() {
        assertThat(gateway.get("/api/importer/status/no-such-batch/results").statusCode()).isEqualTo(404);
    }

    /** Valid items row-1..row-n, one per line. */
    static List<String> lines(int n) {
        return IntStream.rangeClosed(1, n)
                .mapToObj(i -> "{\"item_id\": \"row-" + i + "\", \"name\": \"Nguyễn Văn An\", \"phone\": \"0912" + String.format("%06d", i) + "\"}")
                .collect(Collectors.toCollection(ArrayList::new));
    }

    /** n valid lines, but line {@code line} (1-based) replaced. */
    private static List<String> linesWith(int n, int line, String content) {
        List<String> lines = lines(n);
        lines.set(line - 1, content);
        return lines;
    }

    /** Posts the lines, expects 400, and gives the error object. */
    private static JsonNode refused(List<String> lines) {
        HttpResponse<String> response = postNdjson(gateway, lines);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        return json(response).get("error");
    }

    private static RunningGateway startGateway(Map<String, String> overrides) {
        Map<String, String> settings = new java.util.HashMap<>(SMALL_CHUNKS);
        settings.putAll(overrides);
        try {
            return RunningGateway.start(TestServers.uniquePrefix("bulk"), settings);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static HttpResponse<String> postNdjson(RunningGateway target, List<String> lines) {
        return post(target, "application/x-ndjson", String.join("\n", lines) + "\n");
    }

    private static HttpResponse<String> post(RunningGateway target, String contentType, String body) {
        return RunningGateway.send(target.request("/api/importer/bulk")
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private static String accepted(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        return json(response).get("batch_id").asText();
    }

    private static JsonNode awaitFinalStatus(String batchId) {
        return await().atMost(Duration.ofSeconds(30)).until(() -> json(gateway.get("/api/importer/status/" + batchId)),
                s -> s.has("status") && !"processing".equals(s.get("status").asText()));
    }
}
