package com.rateplatform.gateway.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.Range;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.sync.RedisCommands;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.rateplatform.gateway.message.Json;
import com.rateplatform.gateway.support.RunningGateway;
import com.rateplatform.gateway.support.TestServers;

/**
 * Issue 17's acceptance: after an end-to-end run through every way in — validate (with an Idempotency-Key), batch, a
 * check, high priority, import, bulk import — and a dead letter, every key the application wrote to Redis (SCAN of the
 * run's prefix: each stream read whole with XRANGE, every other key read) holds none of the run's names, phone numbers
 * in any format, account numbers or metadata in clear.
 */
class NoPersonalDataInRedisTest {

    private static final List<String> NAMES = List.of("Nguyễn Văn An", "Trần Thị Bình", "Le Van Tam", "Phạm Minh Châu");
    /** National forms; each is also looked for as +84…, 84… and without its leading 0. */
    private static final List<String> PHONES = List.of("0912345678", "0983456789", "0387654321", "0356789012");
    private static final List<String> ACCOUNTS = List.of("0011001234567", "1903456789012", "4861357924680");
    private static final String METADATA = "note-kept-private-42";

    private static String prefix;
    private static final Map<String, String> written = new LinkedHashMap<>();

    @BeforeAll
    static void endToEndRun() throws Exception {
        prefix = TestServers.uniquePrefix("no-pii");
        try (RunningGateway gateway = RunningGateway.start(prefix, Map.of("rate.importer.chunk-size", "2"))) {
            List<String> requests = new ArrayList<>();
            requests.add(accepted(RunningGateway.send(gateway.request("/api/validation/validate")
                    .header("Content-Type", "application/json").header("Idempotency-Key", "no-pii-" + System.nanoTime())
                    .POST(HttpRequest.BodyPublishers.ofString("""
                            {"data": {"items": [
                              {"name": "%s", "phone": "0912345678", "bank_account": "%s", "bank_code": "VCB",
                               "metadata": {"note": "%s"}},
                              {"name": "%s", "phone": "+84 983 456 789"}]}}""".formatted(NAMES.get(0), ACCOUNTS.get(0),
                            METADATA, NAMES.get(1)))))).get("request_id").asText());
            JsonNode batch = accepted(gateway.postJson("/api/validation/batch", """
                    {"requests": [
                      {"data": {"items": [{"name": "%s", "phone": "84387654321"}]}},
                      {"action": "check", "data": {"items": [{"phone": "0912345678"}, {"bank_account": "%s", "bank_code": "BIDV"}]}}
                    ]}""".formatted(NAMES.get(2), ACCOUNTS.get(1))));
            batch.get("requests").forEach(r -> requests.add(r.get("request_id").asText()));
            requests.add(accepted(gateway.postJson("/api/validation/validate", """
                    {"priority": "high", "data": {"items": [{"name": "%s", "phone": "356789012"}]}}""".formatted(NAMES.get(3))))
                    .get("request_id").asText());
            String imported = accepted(gateway.postJson("/api/importer/import", """
                    {"data": {"items": [{"name": "%s", "bank_account": "%s", "bank_code": "VCB"}]}}""".formatted(NAMES.get(0),
                    ACCOUNTS.get(2)))).get("request_id").asText();
            String bulk = accepted(RunningGateway.send(gateway.request("/api/importer/bulk").header("Content-Type", "application/x-ndjson")
                    .POST(HttpRequest.BodyPublishers.ofString("""
                            {"name": "%s", "phone": "0912345678"}
                            {"name": "%s", "bank_account": "%s", "bank_code": "VCB"}
                            {"name": "%s", "phone": "0983456789"}
                            """.formatted(NAMES.get(1), NAMES.get(2), ACCOUNTS.get(0), NAMES.get(3)))))).get("batch_id").asText();

            for (String requestId : requests) {
                awaitFinished(gateway, "/api/validation/status/" + requestId);
            }
            awaitFinished(gateway, "/api/importer/status/" + imported);
            awaitFinished(gateway, "/api/importer/status/" + bulk);
            // A dead letter: a request's sealed items moved into another request (the gateway refuses it: tampered).
            ObjectNode spliced = (ObjectNode) Json.MAPPER.readTree(redis().xrange(prefix + "validation_requests", Range.create("-", "+"))
                    .get(0).getBody().get("data"));
            String splicedId = "spliced-" + System.nanoTime();
            spliced.put("request_id", splicedId);
            redis().xadd(prefix + "validation_requests", Map.of("data", spliced.toString()));
            // Dead-lettered (or, were the items not bound to their request, validated and answered).
            await().atMost(Duration.ofSeconds(20)).until(() -> redis().xlen(prefix + "validation_dlq") == 1
                    || redis().xrange(prefix + "extension_responses", Range.create("-", "+")).stream()
                            .anyMatch(entry -> entry.getBody().get("data").contains(splicedId)));
        }
        readEverythingWritten();
    }

    @AfterAll
    static void clear() {
        written.clear();
    }

    @Test
    void theRunWroteToEveryStreamAndAnIdempotencyKey() {
        assertThat(written.keySet()).anyMatch(key -> key.startsWith(prefix + "idempotency:"));
        assertThat(written.keySet().stream().map(key -> key.substring(prefix.length()).replaceAll(" .*", "")))
                .contains("validation_requests", "validation_requests_high", "extension_responses", "importer_responses",
                        "validation_dlq");
    }

    @Test
    void noKeyHoldsANamePhoneNumberAccountNumberOrMetadataInClear() {
        List<String> found = new ArrayList<>();
        written.forEach((key, value) -> personalValues()
                .filter(term -> value.toLowerCase().contains(term.toLowerCase())).forEach(term -> found.add(key + " holds " + term)));

        assertThat(found).isEmpty();
    }

    /** Every name (as written, and JSON-escaped), every phone in each format, every account, the metadata. */
    private static Stream<String> personalValues() {
        Stream<String> names = NAMES.stream().flatMap(name -> Stream.of(name, escaped(name)));
        Stream<String> phones = PHONES.stream().map(p -> p.substring(1))
                .flatMap(national -> Stream.of("0" + national, "+84" + national, "84" + national, national));
        return Stream.of(names, phones, ACCOUNTS.stream(), Stream.of(METADATA)).flatMap(s -> s).distinct();
    }

    /** SCAN of the run's prefix; each stream entry, and every other key's value, by the key it was read from. */
    private static void readEverythingWritten() {
        ScanCursor cursor = ScanCursor.INITIAL;
        do {
            KeyScanCursor<String> page = redis().scan(cursor, ScanArgs.Builder.matches(prefix + "*").limit(500));
            for (String key : page.getKeys()) {
                String type = redis().type(key);
                switch (type) {
                    case "stream" -> redis().xrange(key, Range.create("-", "+"))
                            .forEach(entry -> written.put(key + " " + entry.getId(), entry.getBody().toString()));
                    case "string" -> written.put(key, redis().get(key));
                    case "hash" -> written.put(key, redis().hgetall(key).toString());
                    case "list" -> written.put(key, redis().lrange(key, 0, -1).toString());
                    case "set" -> written.put(key, redis().smembers(key).toString());
                    case "zset" -> written.put(key, redis().zrange(key, 0, -1).toString());
                    default -> written.put(key, "(a " + type + ")");
                }
            }
            cursor = page;
        } while (!cursor.isFinished());
    }

    private static JsonNode accepted(HttpResponse<String> response) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        return Json.MAPPER.readTree(response.body());
    }

    private static void awaitFinished(RunningGateway gateway, String statusPath) {
        await().atMost(Duration.ofSeconds(30)).until(() -> !Json.MAPPER.readTree(gateway.get(statusPath).body()).path("status")
                .asText("processing").equals("processing"));
    }

    /** The text as JSON writes it with non-ASCII escaped ({@code \\u1ec5}); compared ignoring case. */
    private static String escaped(String text) {
        StringBuilder escaped = new StringBuilder();
        text.chars().forEach(c -> escaped.append(c < 128 ? String.valueOf((char) c) : String.format("\\u%04x", c)));
        return escaped.toString();
    }

    private static RedisCommands<String, String> redis() {
        return TestServers.get().redis();
    }
}
