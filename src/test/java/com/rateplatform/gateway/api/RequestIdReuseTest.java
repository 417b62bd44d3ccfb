package com.rateplatform.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static com.rateplatform.gateway.support.JsonBodies.json;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import io.lettuce.core.Range;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.rateplatform.gateway.security.Scopes;
import com.rateplatform.gateway.support.RunningGateway;
import com.rateplatform.gateway.support.TestServers;

/**
 * A {@code request_id} sent again: with the same request (whitespace and key order aside) it gets the first answer and
 * nothing is published again; with a different request it is refused with 409 {@code REQUEST_ID_CONFLICT}, and
 * nothing of that call is stored, even when it was a batch of otherwise new requests.
 */
class RequestIdReuseTest {

    private static RunningGateway gateway;

    @BeforeAll
    static void start() throws Exception {
        gateway = RunningGateway.start(TestServers.uniquePrefix("request-id-reuse"));
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @Test
    void theSameRequestSentAgainAfterItCompletedGetsTheFirstAnswerWhateverItsLayout() {
        String requestId = uniqueId("same");
        HttpResponse<String> first = gateway.postJson("/api/validation/validate", """
                {"request_id": "%s", "priority": "normal",
                 "data": {"items": [{"name": "Nguyễn Văn An", "phone": "0912345678", "metadata": {"row": 7, "sheet": "A"}}]}}"""
                .formatted(requestId));
        assertThat(first.statusCode()).as(first.body()).isEqualTo(202);
        awaitCompleted(requestId);

        HttpResponse<String> again = gateway.postJson("/api/validation/validate", """
                {"data":{"items":[{"metadata":{"sheet":"A","row":7},"phone":"0912345678","name":"Nguyễn Văn An"}]},
                 "priority":"normal","request_id":"%s"}""".formatted(requestId));

        assertThat(again.statusCode()).as(again.body()).isEqualTo(202);
        assertThat(again.body()).isEqualTo(first.body());
        assertThat(publishedEntriesOf(requestId)).isEqualTo(1);
    }

    @Test
    void aDifferentRequestUnderAnIdOnRecordIs409AndTheFirstStandsAsItWas() {
        String requestId = uniqueId("different");
        assertThat(gateway.postJson("/api/validation/validate", request(requestId, "0912345678")).statusCode()).isEqualTo(202);
        JsonNode done = awaitCompleted(requestId);

        HttpResponse<String> conflicting = gateway.postJson("/api/validation/validate", request(requestId, "0987654321"));

        assertThat(conflicting.statusCode()).as(conflicting.body()).isEqualTo(409);
        JsonNode error = json(conflicting).get("error");
        assertThat(error.get("code").asText()).isEqualTo("REQUEST_ID_CONFLICT");
        assertThat(error.get("field").asText()).isEqualTo("request_id");
        assertThat(error.get("message").asText()).contains(requestId);
        assertThat(publishedEntriesOf(requestId)).isEqualTo(1);
        assertThat(json(gateway.get("/api/validation/status/" + requestId))).isEqualTo(done);
    }

    @Test
    void aBatchHoldingOneConflictingIdIsRefusedWholeAndStoresNothing() {
        String onRecord = uniqueId("on-record");
        String fresh = uniqueId("fresh");
        assertThat(gateway.postJson("/api/validation/validate", request(onRecord, "0912345678")).statusCode()).isEqualTo(202);

        HttpResponse<String> refused = gateway.postJson("/api/validation/batch",
                "{\"requests\": [" + request(fresh, "0912345678") + ", " + request(onRecord, "0987654321") + "]}");

        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(409);
        JsonNode error = json(refused).get("error");
        assertThat(error.get("code").asText()).isEqualTo("REQUEST_ID_CONFLICT");
        assertThat(error.get("field").asText()).isEqualTo("requests[1].request_id");
        assertThat(error.get("request_ids")).extracting(JsonNode::asText).containsExactly(onRecord);
        assertThat(gateway.get("/api/validation/status/" + fresh).statusCode()).as("the batch's new request").isEqualTo(404);
        assertThat(publishedEntriesOf(fresh)).isZero();
    }

    @Test
    void anotherCallersRequestUnderAnIdOnRecordIs409() {
        String requestId = uniqueId("other-caller");
        String body = request(requestId, "0912345678");
        assertThat(gateway.postJson("/api/validation/validate", body).statusCode()).isEqualTo(202);

        HttpResponse<String> otherCaller = gateway.postJson("/api/validation/validate", body,
                RunningGateway.token("another-client", List.of(Scopes.VALIDATION_WRITE)));

        assertThat(otherCaller.statusCode()).as(otherCaller.body()).isEqualTo(409);
        assertThat(json(otherCaller).get("error").get("code").asText()).isEqualTo("REQUEST_ID_CONFLICT");
    }

    private static String request(String requestId, String phone) {
        return "{\"request_id\": \"" + requestId + "\", \"data\": {\"items\": [{\"phone\": \"" + phone + "\"}]}}";
    }

    private static String uniqueId(String name) {
        return name + "-" + System.nanoTime();
    }

    private static JsonNode awaitCompleted(String requestId) {
        return await().atMost(Duration.ofSeconds(20)).until(() -> json(gateway.get("/api/validation/status/" + requestId)),
                body -> body.has("results"));
    }

    private static long publishedEntriesOf(String requestId) {
        return TestServers.get().redis().xrange(gateway.key("validation_requests"), Range.create("-", "+")).stream()
                .filter(entry -> entry.getBody().get("data").contains("\"" + requestId + "\"")).count();
    }
}
