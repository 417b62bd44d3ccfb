package com.rateplatform.gateway.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.rateplatform.gateway.message.Json;
import com.rateplatform.gateway.stream.StreamId;
import com.rateplatform.gateway.support.RunningGateway;
import com.rateplatform.gateway.support.SseClient;
import com.rateplatform.gateway.support.TestServers;
import com.rateplatform.gateway.support.TestTokens;

/** {@code GET /api/validation/events}: the caller's results as Server-Sent Events, resumable with Last-Event-ID. */
class ServerSentEventsTest {

    private static RunningGateway gateway;

    @BeforeAll
    static void start() throws Exception {
        gateway = RunningGateway.start(TestServers.uniquePrefix("sse"), Map.of("rate.push.heartbeat-interval-ms", "300"));
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @Test
    void aClientGetsReadyWithAnEventIdThenItsOwnResultsAsEvents() {
        try (SseClient bob = events("bob", Map.of())) {
            assertThat(bob.status()).isEqualTo(200);
            assertThat(bob.header("Content-Type")).startsWith("text/event-stream");
            SseClient.Event ready = bob.awaitNamed("ready");
            assertThat(ready.id()).isEqualTo(ready.data().get("event_id").asText());

            String mine = submitAs("bob");
            String someoneElses = submitAs("carol");

            SseClient.Event result = awaitResult(bob, mine);
            assertThat(result.id()).isEqualTo(result.data().get("event_id").asText()).matches("\\d+-\\d+");
            assertThat(result.data().at("/response/results/0/verdict").asText()).isEqualTo("DONE");
            awaitStatus(someoneElses);
            assertThat(bob.named("result")).extracting(e -> e.data().get("request_id").asText()).containsExactly(mine);
        }
    }

    @Test
    void resultsPublishedWhileTheClientWasReconnectingArriveAfterItsLastEventId() {
        String lastEventId;
        try (SseClient dan = events("dan", Map.of())) {
            lastEventId = dan.awaitNamed("ready").id();
        }
        String first = submitAs("dan");
        String second = submitAs("dan");
        awaitStatus(first);
        awaitStatus(second);

        try (SseClient dan = events("dan", Map.of("Last-Event-ID", lastEventId))) {
            awaitResult(dan, first);
            awaitResult(dan, second);
            String live = submitAs("dan");
            awaitResult(dan, live);

            // Two workers validate the two missed requests side by side: their results may be published in either
            // order. What is promised: each once, both after the Last-Event-ID, the missed ones before the live one.
            List<SseClient.Event> results = dan.named("result");
            assertThat(results).extracting(ServerSentEventsTest::requestIdOf).containsExactlyInAnyOrder(first, second, live);
            assertThat(results.subList(0, 2)).extracting(ServerSentEventsTest::requestIdOf).containsExactlyInAnyOrder(first, second);
            assertThat(results).extracting(e -> StreamId.parse(e.id())).allSatisfy(id -> assertThat(id).isGreaterThan(StreamId.parse(lastEventId)));
            assertThat(dan.events().get(0).name()).isEqualTo("ready");
        }
    }

    @Test
    void theLastEventIdMayComeAsAQueryParameterAndTheTokenAsAccessToken() {
        String lastEventId;
        try (SseClient eve = events("eve", Map.of())) {
            lastEventId = eve.awaitNamed("ready").id();
        }
        String missed = submitAs("eve");
        awaitStatus(missed);

        try (SseClient eve = SseClient.connect(gateway.url("/api/validation/events?access_token=" + TestTokens.of("eve")
                                                            + "&last_event_id=" + lastEventId), Map.of())) {
            awaitResult(eve, missed);
        }
    }

    @Test
    void aClientWithoutAValidTokenIsRefusedWith401() {
        try (SseClient nobody = SseClient.connect(gateway.url("/api/validation/events"), Map.of());
             SseClient unknown = SseClient.connect(gateway.url("/api/validation/events"), Map.of("Authorization", "Bearer nope"))) {
            assertThat(nobody.status()).isEqualTo(401);
            assertThat(unknown.status()).isEqualTo(401);
            assertThat(unknown.header("WWW-Authenticate")).isEqualTo("Bearer");
        }
    }

    @Test
    void heartbeatsArriveAsPingEvents() {
        try (SseClient fay = events("fay", Map.of())) {
            await().atMost(Duration.ofSeconds(10)).until(() -> fay.named("ping").size() >= 3);

            assertThat(fay.events().get(0).name()).isEqualTo("ready");
        }
    }

    private static SseClient events(String caller, Map<String, String> headers) {
        Map<String, String> all = new java.util.HashMap<>(headers);
        all.put("Authorization", "Bearer " + TestTokens.of(caller));
        return SseClient.connect(gateway.url("/api/validation/events"), all);
    }

    /** A request of this caller through the intake of POST /api/validation/validate, as an authenticated POST sends it. */
    private static String submitAs(String caller) {
        HttpResponse<String> answered = RunningGateway.send(gateway.unauthenticated("/api/validation/validate")
                .header("Authorization", "Bearer " + TestTokens.of(caller)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"data\": {\"items\": [{\"phone\": \"0912345678\"}]}}")));
        assertThat(answered.statusCode()).as(answered.body()).isEqualTo(202);
        return Json.read(answered.body(), JsonNode.class).get("request_id").asText();
    }

    private static String requestIdOf(SseClient.Event event) {
        return event.data().get("request_id").asText();
    }

    private static SseClient.Event awaitResult(SseClient client, String requestId) {
        return client.await(e -> "result".equals(e.name()) && requestId.equals(e.data().path("request_id").asText()));
    }

    private static void awaitStatus(String requestId) {
        await().atMost(Duration.ofSeconds(20)).until(
                () -> Json.read(gateway.get("/api/validation/status/" + requestId).body(), JsonNode.class),
                body -> !"processing".equals(body.path("status").asText()));
    }
}
