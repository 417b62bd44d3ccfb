package com.rateplatform.gateway.deadletter;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.lettuce.core.XAddArgs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.rateplatform.gateway.message.Json;
import com.rateplatform.gateway.security.Scopes;
import com.rateplatform.gateway.support.RunningGateway;
import com.rateplatform.gateway.support.TestServers;

/**
 * The dead-letter API's filters, its scan bound, the entry detail and the audit of every action, on entries written
 * straight to the DLQ (a gateway without workers, and a DLQ emptied before each test).
 */
class DeadLetterFilterTest {

    private static final int MAX_SCAN = 10;
    private static final String PREFIX = TestServers.uniquePrefix("dlq-filter");
    private static RunningGateway gateway;

    @BeforeAll
    static void start() throws Exception {
        gateway = RunningGateway.start(PREFIX, Map.of("rate.roles", "gateway", "rate.dlq.max-scan", Integer.toString(MAX_SCAN),
                "rate.security.rate-limit.monitoring-read", "100000/1m", "rate.security.rate-limit.monitoring-write", "100000/1m"));
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @BeforeEach
    void emptyDlq() {
        TestServers.get().redis().del(gateway.key("validation_dlq"));
    }

    @Test
    void errorCodeSourceAndRequestIdEachSelectExactlyTheirEntries() throws Exception {
        String a = deadLetter("DELIVERY_LIMIT_EXCEEDED", "extension", "req-a", "alice", null);
        String b = deadLetter("MALFORMED_ENTRY", "extension", "req-b", "alice", null);
        String c = deadLetter("DELIVERY_LIMIT_EXCEEDED", "importer", "req-c", "bob", null);

        assertThat(ids("error_code=DELIVERY_LIMIT_EXCEEDED")).containsExactly(c, a);
        assertThat(ids("source=extension")).containsExactly(b, a);
        assertThat(ids("request_id=req-b")).containsExactly(b);
        assertThat(ids("error_code=DELIVERY_LIMIT_EXCEEDED&source=extension")).containsExactly(a);
    }

    @Test
    void fromAndToSelectWhenTheEntryWasDeadLettered() throws Exception {
        Instant t = Instant.parse("2026-03-01T10:00:00Z");
        String early = deadLetter("MALFORMED_ENTRY", "extension", "early", "alice", t);
        String middle = deadLetter("MALFORMED_ENTRY", "extension", "middle", "alice", t.plusSeconds(60));
        String late = deadLetter("MALFORMED_ENTRY", "extension", "late", "alice", t.plusSeconds(120));

        assertThat(ids("from=" + t.plusSeconds(60) + "&to=" + t.plusSeconds(120))).containsExactly(middle);
        assertThat(ids("from=" + t.plusSeconds(1))).containsExactly(late, middle);
        assertThat(ids("to=" + t.plusSeconds(60))).containsExactly(early);
    }

    @Test
    void textSearchLooksAtIdsErrorAndCallerButNeverAtThePayload() throws Exception {
        String target = deadLetter("DELIVERY_LIMIT_EXCEEDED", "extension", "invoice-7731", "shop-owner-42", null);
        deadLetter("DELIVERY_LIMIT_EXCEEDED", "extension", "other", "someone", null);

        assertThat(ids("q=INVOICE-77")).containsExactly(target);
        assertThat(ids("q=owner-42")).containsExactly(target);
        assertThat(ids("q=0912345678")).as("the payload's phone number").isEmpty();
        assertThat(ids("q=Nguy")).as("the payload's name").isEmpty();
    }

    @Test
    void aListingReadsAtMostTheScanBoundAndItsCursorGoesOnFromThere() throws Exception {
        String wanted = deadLetter("MALFORMED_ENTRY", "importer", "needle", "alice", null);
        for (int i = 0; i < MAX_SCAN + 2; i++) {
            deadLetter("DELIVERY_LIMIT_EXCEEDED", "extension", "hay-" + i, "alice", null);
        }

        JsonNode first = list("source=importer");
        JsonNode second = list("source=importer&cursor=" + first.get("next_cursor").asText());

        assertThat(first.get("entries")).isEmpty();
        assertThat(first.get("scanned").asInt()).isEqualTo(MAX_SCAN);
        assertThat(second.get("entries").findValuesAsText("id")).containsExactly(wanted);
        assertThat(second.get("next_cursor").isNull()).isTrue();
    }

    @Test
    void replayByFilterReplaysOnlyTheMatchingEntriesAndAuditsEachWithTheFilter() throws Exception {
        String match = deadLetter("DELIVERY_LIMIT_EXCEEDED", "importer", "replay-me-" + System.nanoTime(), "alice", null);
        String other = deadLetter("MALFORMED_ENTRY", "importer", "leave-me", "alice", null);

        HttpResponse<String> replay = RunningGateway.send(gateway.request("/api/monitoring/dlq/replay")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"error_code\": \"DELIVERY_LIMIT_EXCEEDED\", \"source\": \"importer\"}")));

        assertThat(replay.statusCode()).as(replay.body()).isEqualTo(200);
        JsonNode result = Json.MAPPER.readTree(replay.body());
        assertThat(result.get("replayed").findValuesAsText("id")).containsExactly(match);
        assertThat(result.get("scan_complete").asBoolean()).isTrue();
        assertThat(ids("")).containsExactly(other);
        assertThat(TestServers.get().count("SELECT count(*) FROM audit_log WHERE action = 'dlq.replay' AND target = ? AND actor = ?"
                + " AND details->'filter'->>'error_code' = 'DELIVERY_LIMIT_EXCEEDED'", match, RunningGateway.CALLER)).isEqualTo(1);
    }

    @Test
    void replayByFilterLeavesEntriesWithNoStreamToGoBackToAndSaysSo() throws Exception {
        Map<String, Object> webhook = Map.of("uuidv7", "01a2014e-28fc-74a5-86c4-836d0937d305", "error", "HTTP 500",
                "origin_stream", "webhook_deliveries", "origin_id", "d-1", "payload", "{}", "delivery_id", "d-1");
        String deadWebhook = TestServers.get().redis().xadd(gateway.key("validation_dlq"), Map.of("data", Json.write(webhook)));
        String request = deadLetter("DELIVERY_LIMIT_EXCEEDED", "extension", "replayable", "alice", null);

        JsonNode result = Json.MAPPER.readTree(RunningGateway.send(gateway.request("/api/monitoring/dlq/replay")
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}"))).body());

        assertThat(result.get("replayed").findValuesAsText("id")).containsExactly(request);
        assertThat(result.get("not_replayable").findValuesAsText("id")).containsExactly(deadWebhook);
        assertThat(ids("")).containsExactly(deadWebhook);
    }

    @Test
    void replayingAndDeletingOneEntryAreWrittenToTheAuditLogWithTheCaller() throws Exception {
        String replayed = deadLetter("DELIVERY_LIMIT_EXCEEDED", "extension", "audited-replay", "alice", null);
        String deleted = deadLetter("DELIVERY_LIMIT_EXCEEDED", "extension", "audited-delete", "alice", null);
        String operator = RunningGateway.token("ops-carol", List.of(Scopes.MONITORING_READ, Scopes.MONITORING_WRITE));

        assertThat(RunningGateway.send(asCaller("/api/monitoring/dlq/" + replayed + "/replay", operator)
                .POST(HttpRequest.BodyPublishers.noBody())).statusCode()).isEqualTo(200);
        assertThat(RunningGateway.send(asCaller("/api/monitoring/dlq/" + deleted, operator).DELETE()).statusCode()).isEqualTo(200);

        assertThat(TestServers.get().count("SELECT count(*) FROM audit_log WHERE actor = 'ops-carol' AND action = 'dlq.replay'"
                + " AND target = ? AND details->>'request_id' = 'audited-replay' AND details->>'origin_stream' = 'validation_requests'",
                replayed)).isEqualTo(1);
        assertThat(TestServers.get().count("SELECT count(*) FROM audit_log WHERE actor = 'ops-carol' AND action = 'dlq.delete'"
                + " AND target = ? AND details->>'request_id' = 'audited-delete'", deleted)).isEqualTo(1);
    }

    @Test
    void anEntrysDetailGivesItsPayloadAsJsonMaskedForCallersWhoMayOnlyRead() throws Exception {
        String id = deadLetter("DELIVERY_LIMIT_EXCEEDED", "extension", "detail-1", "alice", null);
        String reader = RunningGateway.token("ops-viewer", List.of(Scopes.MONITORING_READ));

        JsonNode forWriter = Json.MAPPER.readTree(gateway.get("/api/monitoring/dlq/" + id).body());
        HttpResponse<String> forReader = RunningGateway.send(asCaller("/api/monitoring/dlq/" + id, reader).GET());

        assertThat(forWriter.at("/payload_json/data/items/0/phone").asText()).isEqualTo("0912345678");
        assertThat(forReader.statusCode()).isEqualTo(200);
        assertThat(Json.MAPPER.readTree(forReader.body()).at("/payload_json/data/items/0/phone").asText()).isEqualTo("091****678");
        assertThat(forReader.body()).doesNotContain("0912345678");
    }

    @Test
    void filterValuesThatCannotBeReadAre400NamingTheParameter() throws Exception {
        assertThat(error("from=yesterday")).isEqualTo("from");
        assertThat(error("from=2026-03-02T00:00:00Z&to=2026-03-01T00:00:00Z")).isEqualTo("from");
        assertThat(error("cursor=not-an-id")).isEqualTo("cursor");
    }

    /** Writes a DLQ entry as DeadLetters does, for a request of the caller; at {@code at} (its id) or now. */
    private static String deadLetter(String errorCode, String source, String requestId, String userId, Instant at) {
        String payload = Json.write(Map.of("request_id", requestId, "source", source, "user_id", userId, "action", "validate",
                "timestamp", "2026-03-01T00:00:00Z",
                "data", Map.of("items", List.of(Map.of("item_id", "item_001", "name", "Nguyễn Văn An", "phone", "0912345678")))));
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("uuidv7", "01a2014e-28fc-74a5-86c4-836d0937d305");
        entry.put("error", "com.rateplatform.gateway.reliability.DeliveryLimitExceededException: delivered 6 times");
        entry.put("error_code", errorCode);
        entry.put("fail_count", 6);
        entry.put("ts", (at == null ? Instant.now() : at).toString());
        entry.put("origin_stream", "validation_requests");
        entry.put("origin_id", "1700000000000-0");
        entry.put("request_id", requestId);
        entry.put("payload", payload);
        XAddArgs id = at == null ? new XAddArgs() : new XAddArgs().id(at.toEpochMilli() + "-0");
        return TestServers.get().redis().xadd(gateway.key("validation_dlq"), id, Map.of("data", Json.write(entry)));
    }

    private static JsonNode list(String query) throws Exception {
        HttpResponse<String> listing = gateway.get("/api/monitoring/dlq?" + query);
        assertThat(listing.statusCode()).as(listing.body()).isEqualTo(200);
        return Json.MAPPER.readTree(listing.body());
    }

    private static List<String> ids(String query) throws Exception {
        List<String> ids = new ArrayList<>();
        list(query).get("entries").forEach(e -> ids.add(e.get("id").asText()));
        return ids;
    }

    private static String error(String query) throws Exception {
        HttpResponse<String> listing = gateway.get("/api/monitoring/dlq?" + query);
        assertThat(listing.statusCode()).as(listing.body()).isEqualTo(400);
        return Json.MAPPER.readTree(listing.body()).get("error").get("field").asText();
    }

    private static HttpRequest.Builder asCaller(String path, String token) {
        return gateway.unauthenticated(path).header("Authorization", "Bearer " + token);
    }
}
