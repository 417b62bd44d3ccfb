package com.rateplatform.gateway.deadletter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import com.rateplatform.gateway.crypto.KeyRing;
import com.rateplatform.gateway.crypto.PayloadCipher;
import com.rateplatform.gateway.crypto.StreamKeys;
import com.rateplatform.gateway.message.Json;
import com.rateplatform.gateway.message.MessageCodec;
import com.rateplatform.gateway.message.RequestMessage;
import com.rateplatform.gateway.message.ResponseMessage;
import com.rateplatform.gateway.support.RunningGateway;
import com.rateplatform.gateway.support.TestKeys;
import com.rateplatform.gateway.support.TestServers;

/** Poison entries end in validation_dlq; ops list, replay and delete them over HTTP. */
@Tag("slow")
class DeadLetterQueueTest {

    private static final int MAX_DELIVERIES = 3;
    private static final String NAME = "Trần Thị Bình";
    private static RunningGateway gateway;

    @BeforeAll
    static void start() throws Exception {
        gateway = RunningGateway.start(TestServers.uniquePrefix("dlq"), Map.of(
                "rate.retry.max-deliveries", Integer.toString(MAX_DELIVERIES),
                "rate.retry.initial-delay-ms", "20",
                "rate.retry.max-redeliveries", "1",
                "rate.worker.claim-idle-ms", "300",
                "rate.worker.claim-interval-ms", "100",
                // the tests poll the listing while they wait
                "rate.security.rate-limit.monitoring-read", "100000/1m",
                "rate.security.rate-limit.monitoring-write", "100000/1m"));
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @Test
    void anEntryThatIsNotJsonGoesToTheDlqAtOnce() {
        String id = TestServers.get().redis().xadd(gateway.key("validation_requests"), Map.of("data", "not json {"));

        JsonNode entry = awaitDlqEntry(e -> id.equals(e.get("origin_id").asText()));

        assertThat(entry.get("fail_count").asLong()).isEqualTo(1);
        assertThat(entry.get("error_code").asText()).isEqualTo("MALFORMED_ENTRY");
        assertThat(entry.get("origin_stream").asText()).isEqualTo("validation_requests");
        assertThat(entry.get("payload").asText()).isEqualTo("not json {");
        assertThat(entry.get("error").asText()).doesNotContain("\tat ");
        await().atMost(Duration.ofSeconds(10)).until(() ->
                TestServers.get().redis().xpending(gateway.key("validation_requests"), "validators").getCount() == 0);
    }

    @Test
    void anEntryFailingEveryDeliveryGoesToTheDlqAfterTheConfiguredDeliveriesAndItsRequestShowsTheError() throws Exception {
        String requestId = "poison-" + System.nanoTime();
        insertPendingRequest(requestId);
        // Parses, but its timestamp makes every attempt to store its items fail: a failure that is not the entry's shape.
        TestServers.get().redis().xadd(gateway.key("validation_requests"), Map.of("data", sealedRequest(requestId, "not-a-time")));

        JsonNode entry = awaitDlqEntry(e -> requestId.equals(e.path("request_id").asText()));

        assertThat(entry.get("fail_count").asLong()).isEqualTo(MAX_DELIVERIES + 1);
        assertThat(entry.get("error_code").asText()).isEqualTo("DELIVERY_LIMIT_EXCEEDED");
        // The entry is written to the DLQ first, its request marked right after: the status follows a moment later.
        JsonNode status = await().atMost(Duration.ofSeconds(10)).until(() -> Json.MAPPER.readTree(
                gateway.get("/api/validation/status/" + requestId).body()), s -> !s.get("status").asText().equals("processing"));
        assertThat(status.get("status").asText()).isEqualTo("error");
        assertThat(status.get("error_code").asText()).isEqualTo("DELIVERY_LIMIT_EXCEEDED");
    }

    @Test
    void replaySendsTheEntryBackToItsStreamAndTheRequestThenCompletes() throws Exception {
        String requestId = "orphan-" + System.nanoTime();
        // A response whose request is not on record cannot be stored (foreign key): it fails every delivery.
        TestServers.get().redis().xadd(gateway.key("extension_responses"), Map.of("data", TestKeys.codec().encodeResponse(
                new ResponseMessage(requestId, "success", List.of(), 1, "2026-01-01T00:00:00Z", null))));
        JsonNode entry = awaitDlqEntry(e -> requestId.equals(e.path("request_id").asText()));
        assertThat(entry.get("origin_stream").asText()).isEqualTo("extension_responses");
        insertPendingRequest(requestId); // ops fixed the cause

        HttpResponse<String> replay = post("/api/monitoring/dlq/" + entry.get("id").asText() + "/replay");

        assertThat(replay.statusCode()).isEqualTo(200);
        assertThat(Json.MAPPER.readTree(replay.body()).get("replayed_to").asText()).isEqualTo("extension_responses");
        assertThat(dlqEntries()).noneMatch(e -> requestId.equals(e.path("request_id").asText()));
        await().atMost(Duration.ofSeconds(15)).until(() -> Json.MAPPER.readTree(
                gateway.get("/api/validation/status/" + requestId).body()).get("status").asText().equals("success"));
    }

    @Test
    void listingIsNewestFirstAndPagedWithACursor() throws Exception {
        String marker = "page-" + System.nanoTime();
        for (int i = 0; i < 3; i++) {
            TestServers.get().redis().xadd(gateway.key("validation_requests"), Map.of("data", marker + "-" + i));
        }
        await().atMost(Duration.ofSeconds(10)).until(() ->
                dlqEntries().stream().filter(e -> e.get("payload").asText().startsWith(marker)).count() == 3);

        JsonNode first = Json.MAPPER.readTree(gateway.get("/api/monitoring/dlq?limit=2&error=MALFORMED").body());
        JsonNode second = Json.MAPPER.readTree(gateway.get("/api/monitoring/dlq?limit=2&error=MALFORMED&cursor="
                                                           + first.get("next_cursor").asText()).body());

        // Two readers dead-letter in parallel, so the DLQ order of the three is not their publish order: check the paging.
        List<JsonNode> both = new java.util.ArrayList<>(iterable(first.get("entries")));
        both.addAll(iterable(second.get("entries")));
        List<String> ids = both.stream().map(e -> e.get("id").asText()).toList();
        assertThat(first.get("entries")).hasSize(2);
        assertThat(ids).doesNotHaveDuplicates();
        assertThat(ids).isSortedAccordingTo((a, b) -> compareIds(b, a));
        assertThat(both.stream().map(e -> e.get("payload").asText()).filter(p -> p.startsWith(marker)))
                .containsExactlyInAnyOrder(marker + "-0", marker + "-1", marker + "-2");
    }

    @Test
    void theListingMasksPhoneNumbersForCallersWhoMayOnlyRead() throws Exception {
        String id = TestServers.get().redis().xadd(gateway.key("validation_requests"), Map.of("data", "not json 0912345678"));
        awaitDlqEntry(e -> id.equals(e.get("origin_id").asText()));
        String readOnly = RunningGateway.token("ops-viewer", List.of("monitoring:read"));

        HttpResponse<String> listing = RunningGateway.send(gateway.unauthenticated("/api/monitoring/dlq?limit=500")
                .header("Authorization", "Bearer " + readOnly));

        assertThat(listing.statusCode()).isEqualTo(200);
        assertThat(listing.body()).doesNotContain("0912345678");
        assertThat(dlqEntries()).anyMatch(e -> e.get("payload").asText().contains("0912345678"));
    }

    @Test
    void anEntrySealedWithAKeyThisProcessDoesNotHoldGoesToTheDlqAtOnceAndItsRequestSaysWhy() throws Exception {
        String requestId = "unknown-key-" + System.nanoTime();
        insertPendingRequest(requestId);
        MessageCodec otherKeys = new MessageCodec(new PayloadCipher(StreamKeys.fixed(KeyRing.parse(
                "other-1:" + java.util.Base64.getEncoder().encodeToString(new byte[32])))));
        TestServers.get().redis().xadd(gateway.key("validation_requests"), Map.of("data",
                otherKeys.encodeRequest(Json.read(requestJson(requestId, "2026-01-01T00:00:00Z"), RequestMessage.class))));

        JsonNode entry = awaitDlqEntry(e -> requestId.equals(e.path("request_id").asText()));

        assertThat(entry.get("error_code").asText()).isEqualTo("PAYLOAD_KEY_UNKNOWN");
        assertThat(entry.get("fail_count").asLong()).isEqualTo(1);
        assertThat(entry.get("sealed_with").asText()).isEqualTo("other-1");
        assertThat(entry.get("payload_unreadable").asText()).isEqualTo("PAYLOAD_KEY_UNKNOWN");
        JsonNode status = Json.MAPPER.readTree(gateway.get("/api/validation/status/" + requestId).body());
        assertThat(status.get("error_code").asText()).isEqualTo("PAYLOAD_KEY_UNKNOWN");
    }

    @Test
    void sealedItemsMovedIntoAnotherRequestGoToTheDlqAsTampered() throws Exception {
        String requestId = "spliced-" + System.nanoTime();
        insertPendingRequest(requestId);
        ObjectNode spliced = (ObjectNode) Json.MAPPER.readTree(sealedRequest("someone-else-" + requestId, "2026-01-01T00:00:00Z"));
        spliced.put("request_id", requestId);
        TestServers.get().redis().xadd(gateway.key("validation_requests"), Map.of("data", spliced.toString()));

        JsonNode entry = awaitDlqEntry(e -> requestId.equals(e.path("request_id").asText()));

        assertThat(entry.get("error_code").asText()).isEqualTo("PAYLOAD_TAMPERED");
        assertThat(entry.get("fail_count").asLong()).isEqualTo(1);
    }

    @Test
    void aDeadLetterStaysSealedAndOnlyACallerWithMonitoringWriteSeesItOpened() throws Exception {
        String requestId = "sealed-dlq-" + System.nanoTime();
        insertPendingRequest(requestId);
        TestServers.get().redis().xadd(gateway.key("validation_requests"), Map.of("data", sealedRequest(requestId, "not-a-time")));
        JsonNode opened = awaitDlqEntry(e -> requestId.equals(e.path("request_id").asText()));
        String readOnly = RunningGateway.token("ops-viewer", List.of("monitoring:read"));

        String listing = RunningGateway.send(gateway.unauthenticated("/api/monitoring/dlq?limit=500")
                .header("Authorization", "Bearer " + readOnly)).body();
        String stored = TestServers.get().redis().xrange(gateway.key("validation_dlq"), Range.create("-", "+")).stream()
                .map(m -> m.getBody().get("data")).filter(d -> d.contains(requestId)).findFirst().orElseThrow();

        assertThat(opened.get("payload").asText()).contains(NAME);
        assertThat(listing).contains(requestId).doesNotContain(NAME);
        assertThat(stored).doesNotContain(NAME).doesNotContain("912345678");
    }

    @Test
    void replayNeedsTheMonitoringWriteScope() {
        String readOnly = RunningGateway.token("ops-viewer", List.of("monitoring:read"));

        HttpResponse<String> replay = RunningGateway.send(gateway.unauthenticated("/api/monitoring/dlq/1-0/replay")
                .header("Authorization", "Bearer " + readOnly).POST(HttpRequest.BodyPublishers.noBody()));

        assertThat(replay.statusCode()).isEqualTo(403);
    }

    @Test
    void deleteRemovesTheEntryAndAnUnknownIdIs404() throws Exception {
        String id = TestServers.get().redis().xadd(gateway.key("validation_requests"), Map.of("data", "to-delete"));
        JsonNode entry = awaitDlqEntry(e -> id.equals(e.get("origin_id").asText()));

        HttpResponse<String> deleted = RunningGateway.send(gateway.request("/api/monitoring/dlq/" + entry.get("id").asText()).DELETE());
        HttpResponse<String> again = RunningGateway.send(gateway.request("/api/monitoring/dlq/" + entry.get("id").asText()).DELETE());

        assertThat(deleted.statusCode()).isEqualTo(200);
        assertThat(again.statusCode()).isEqualTo(404);
        assertThat(Json.MAPPER.readTree(again.body()).get("error").get("code").asText()).isEqualTo("NOT_FOUND");
    }

    @Test
    void replayByFilterReplaysOnlyMatchingEntries() throws Exception {
        String marker = "bulk-replay-" + System.nanoTime();
        String requestId = marker + "-r";
        insertPendingRequest(requestId);
        TestServers.get().redis().xadd(gateway.key("validation_requests"), Map.of("data", sealedRequest(requestId, "bad-time")));
        awaitDlqEntry(e -> requestId.equals(e.path("request_id").asText()));

        HttpResponse<String> replay = RunningGateway.send(gateway.request("/api/monitoring/dlq/replay")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"error\": \"DELIVERY_LIMIT\", \"source\": \"extension\", \"limit\": 100}")));

        assertThat(replay.statusCode()).isEqualTo(200);
        JsonNode replayed = Json.MAPPER.readTree(replay.body()).get("replayed");
        assertThat(replayed.findValuesAsText("request_id")).contains(requestId);
        List<StreamMessage<String, String>> requests = TestServers.get().redis()
                .xrange(gateway.key("validation_requests"), Range.create("-", "+"));
        assertThat(requests.stream().filter(m -> m.getBody().get("data").contains(requestId)).count()).isEqualTo(2);
    }

    private static int compareIds(String a, String b) {
        String[] x = a.split("-");
        String[] y = b.split("-");
        int byMs = Long.compare(Long.parseLong(x[0]), Long.parseLong(y[0]));
        return byMs != 0 ? byMs : Long.compare(Long.parseLong(x[1]), Long.parseLong(y[1]));
    }

    private static HttpResponse<String> post(String path) {
        return RunningGateway.send(gateway.request(path).POST(HttpRequest.BodyPublishers.noBody()));
    }

    private static JsonNode awaitDlqEntry(java.util.function.Predicate<JsonNode> match) {
        return await().atMost(Duration.ofSeconds(20)).until(
                () -> dlqEntries().stream().filter(match).findFirst().orElse(null), e -> e != null);
    }

    private static List<JsonNode> dlqEntries() throws Exception {
        HttpResponse<String> listing = gateway.get("/api/monitoring/dlq?limit=500");
        assertThat(listing.statusCode()).as(listing.body()).isEqualTo(200);
        return iterable(Json.MAPPER.readTree(listing.body()).get("entries"));
    }

    private static List<JsonNode> iterable(JsonNode array) {
        List<JsonNode> list = new java.util.ArrayList<>();
        array.forEach(list::add);
        return list;
    }

    /** A request as a gateway publishes it (items sealed), with the given timestamp. */
    private static String sealedRequest(String requestId, String timestamp) {
        return TestKeys.codec().encodeRequest(Json.read(requestJson(requestId, timestamp), RequestMessage.class));
    }

    private static String requestJson(String requestId, String timestamp) {
        return """
                {"request_id": "%s", "source": "extension", "user_id": "%s", "action": "validate",
                 "data": {"items": [{"item_id": "item_001", "name": "%s", "phone": "0912345678"}]}, "priority": "normal",
                 "callback_config": {"stream": "extension_responses"}, "timestamp": "%s"}""".formatted(requestId, RunningGateway.CALLER, NAME, timestamp);
    }

    private static void insertPendingRequest(String requestId) throws Exception {
        try (Connection c = TestServers.get().jdbc(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO validation_requests (request_id, source, user_id, action, data, item_count) "
                + "VALUES (?, 'extension', ?, 'validate', '{\"items\": []}'::jsonb, 1)")) {
            ps.setString(1, requestId);
            ps.setString(2, RunningGateway.CALLER);
            ps.executeUpdate();
        }
    }
}
