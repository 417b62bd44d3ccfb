package com.rateplatform.gateway.routes;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import io.lettuce.core.RedisConnectionException;
import org.apache.camel.CamelContext;
import org.apache.camel.EndpointInject;
import org.apache.camel.Exchange;
import org.apache.camel.Header;
import org.apache.camel.Produce;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.main.MainConfigurationProperties;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.apache.camel.test.main.junit5.Configure;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.rateplatform.gateway.api.ApiErrors;
import com.rateplatform.gateway.contract.ApiException;
import com.rateplatform.gateway.deadletter.DeadLetterQueue.Replay;
import com.rateplatform.gateway.deadletter.DeadLetterQueue.ReplaysMatching;
import com.rateplatform.gateway.message.Json;
import com.rateplatform.gateway.stream.RedisStreamConstants;

/**
 * gateway-dlq-api.camel.yaml (stage 9) with json-reply and http-api-errors: a replayed dead letter goes back through
 * the redis-stream producer of the stream it came from (each of the four by its configured name), then leaves the DLQ
 * with its new entry id; a replay by filter sends each match in order and stops at the first failure (Redis down: 503,
 * those before it replayed); the dead-letter queue's refusals (409 not replayable, 404) are the JSON error. The
 * dead-letter queue (Redis, audit log) stands in here: it is tested against Redis in DeadLetterQueueTest.
 */
@CamelMainTest(properties = {RouteTests.NO_SERVER, RouteTests.NO_MANAGEMENT, RouteTests.NO_METRICS,
        RouteTests.NO_INLINE_ROUTES, RouteTests.ONLY_DIRECT_ROUTES})
class GatewayDlqApiRoutesTest {

    private static final String OPS = "Bearer ops:alice";

    private final TestGuard guard = new TestGuard();
    private final Queue deadLetterQueue = new Queue();
    private final AtomicInteger entryIds = new AtomicInteger();

    @EndpointInject("mock:validation_requests")
    MockEndpoint requests;
    @EndpointInject("mock:validation_requests_high")
    MockEndpoint requestsHigh;
    @EndpointInject("mock:extension_responses")
    MockEndpoint extensionResponses;
    @EndpointInject("mock:importer_responses")
    MockEndpoint importerResponses;

    @Produce
    ProducerTemplate http;

    @Configure
    protected void configure(MainConfigurationProperties configuration) {
        RouteTests.load(configuration, this::bindBeans, RouteTests.ERROR_POLICIES, RouteTests.REST_API, "gateway-dlq-api.camel.yaml");
    }

    private void bindBeans(CamelContext context) {
        context.getRegistry().bind("guard", guard);
        context.getRegistry().bind("deadLetterQueue", deadLetterQueue);
        context.getRegistry().bind("apiErrors", new ApiErrors(5));
    }

    @BeforeEach
    void streamsAnswerWithEntryIds() {
        for (MockEndpoint stream : List.of(requests, requestsHigh, extensionResponses, importerResponses)) {
            stream.whenAnyExchangeReceived(exchange ->
                    exchange.getMessage().setHeader(RedisStreamConstants.ENTRY_ID, "9-" + entryIds.incrementAndGet()));
        }
    }

    @Test
    void theListIsAnsweredAsJsonForTheMonitoringReadScope() throws Exception {
        Exchange reply = send("direct:dlq-list", null);

        assertThat(reply.getMessage().getHeader(Exchange.CONTENT_TYPE)).isEqualTo("application/json");
        assertThat(Json.MAPPER.readTree(reply.getMessage().getBody(String.class)).get("entries").size()).isEqualTo(5);
        assertThat(guard.scopesRequired).containsExactly("monitoring:read");
    }

    @Test
    void aReplayGoesBackToTheStreamItCameFromThenLeavesTheQueue() throws Exception {
        for (String origin : List.of("validation_requests", "validation_requests_high", "extension_responses", "importer_responses")) {
            Exchange reply = send("direct:dlq-replay-one", "dlq-" + origin);

            JsonNode body = Json.MAPPER.readTree(reply.getMessage().getBody(String.class));
            assertThat(body.get("replayed_to").asText()).isEqualTo(origin);
            assertThat(body.get("entry_id").asText()).startsWith("9-");
        }

        for (MockEndpoint stream : List.of(requests, requestsHigh, extensionResponses, importerResponses)) {
            assertThat(stream.getExchanges()).singleElement().satisfies(exchange ->
                    assertThat(exchange.getIn().getBody(String.class)).isEqualTo("{\"payload of\":\"dlq-"
                            + stream.getEndpointUri().substring("mock://".length()) + "\"}"));
        }
        assertThat(deadLetterQueue.replayed).extracting(Replay::dlqId).containsExactly("dlq-validation_requests",
                "dlq-validation_requests_high", "dlq-extension_responses", "dlq-importer_responses");
        assertThat(guard.scopesRequired).containsOnly("monitoring:write");
    }

    @Test
    void anEntryIsShownByItsId() throws Exception {
        Exchange reply = send("direct:dlq-detail", "dlq-extension_responses");

        assertThat(Json.MAPPER.readTree(reply.getMessage().getBody(String.class)).get("origin_stream").asText())
                .isEqualTo("extension_responses");
        GatewayIntakeRoutesTest.assertError(send("direct:dlq-detail", "nope"), 404, "NOT_FOUND");
    }

    @Test
    void anEntryWithNoStreamToGoBackToIs409AndNothingIsSent() throws Exception {
        Exchange reply = send("direct:dlq-replay-one", "dlq-webhook");

        GatewayIntakeRoutesTest.assertError(reply, 409, "NOT_REPLAYABLE");
        assertThat(requests.getReceivedCounter() + extensionResponses.getReceivedCounter()).isZero();
        assertThat(deadLetterQueue.replayed).isEmpty();
    }

    @Test
    void aReplayByFilterSendsEachMatchInOrderAndAnswersWithAll() throws Exception {
        Exchange reply = send("direct:dlq-replay-matching", null);

        JsonNode body = Json.MAPPER.readTree(reply.getMessage().getBody(String.class));
        assertThat(body.get("count").asInt()).isEqualTo(4);
        assertThat(body.get("replayed")).extracting(node -> node.get("id").asText()).containsExactly("dlq-validation_requests",
                "dlq-validation_requests_high", "dlq-extension_responses", "dlq-importer_responses");
    }

    @Test
    void aReplayByFilterStopsAtTheFirstFailureAndRedisDownIs503() throws Exception {
        extensionResponses.whenAnyExchangeReceived(exchange -> {
            throw new RedisConnectionException("Redis down");
        });

        Exchange reply = send("direct:dlq-replay-matching", null);

        GatewayIntakeRoutesTest.assertError(reply, 503, "SERVICE_UNAVAILABLE");
        assertThat(deadLetterQueue.replayed).extracting(Replay::dlqId)
                .containsExactly("dlq-validation_requests", "dlq-validation_requests_high");
        assertThat(importerResponses.getReceivedCounter()).as("none after the failure").isZero();
    }

    @Test
    void deletingAnUnknownEntryIs404() throws Exception {
        GatewayIntakeRoutesTest.assertError(send("direct:dlq-delete", "nope"), 404, "NOT_FOUND");

        Exchange reply = send("direct:dlq-delete", "dlq-webhook");

        assertThat(Json.MAPPER.readTree(reply.getMessage().getBody(String.class)).get("deleted").asText()).isEqualTo("dlq-webhook");
    }

    private Exchange send(String route, String id) {
        return http.send(route, exchange -> {
            exchange.getIn().setHeader(TestGuard.AUTHORIZATION, OPS);
            if (id != null) {
                exchange.getIn().setHeader("id", id);
            }
        });
    }

    /**
     * deadLetterQueue: one dead letter from each replayable stream ("dlq-" + stream), oldest first, and a dead webhook
     * delivery ("dlq-webhook") with no stream to go back to. Its replies are the real bean's shape.
     */
    public static class Queue {
        final Map<String, Replay> entries = new LinkedHashMap<>();
        final List<Replay> replayed = new CopyOnWriteArrayList<>();

        Queue() {
            for (String origin : List.of("validation_requests", "validation_requests_high", "extension_responses", "importer_responses")) {
                entries.put("dlq-" + origin, new Replay("dlq-" + origin, origin, "req-" + origin, "{\"payload of\":\"dlq-" + origin + "\"}"));
            }
            entries.put("dlq-webhook", null);
        }

        public String list() {
            return Json.write(Map.of("entries", entries.keySet()));
        }

        public String detail(@Header("id") String id) {
            Replay replay = replayOf(id);
            return Json.write(Map.of("id", id, "origin_stream", replay.origin()));
        }

        public Replay replayOf(@Header("id") String id) {
            if (!entries.containsKey(id)) {
                throw new ApiException(404, "NOT_FOUND", "no dead-letter entry " + id, "id");
            }
            Replay replay = entries.get(id);
            if (replay == null) {
                throw new ApiException(409, "NOT_REPLAYABLE", "entry " + id + " has no stream to go back to", "id");
            }
            return replay;
        }

        public ReplaysMatching replaysMatching(String body) {
            List<Replay> replays = new ArrayList<>(entries.values().stream().filter(java.util.Objects::nonNull).toList());
            return new ReplaysMatching(replays, List.of(Map.of("id", "dlq-webhook")), entries.size(), true);
        }

        public Map<String, Object> replayed(Replay replay, String entryId) {
            replayed.add(replay);
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("id", replay.dlqId());
            result.put("replayed_to", replay.origin());
            result.put("entry_id", entryId);
            return result;
        }

        public String replayedReply(Map<String, Object> result) {
            return Json.write(result);
        }

        public String replayedMatchingReply(ReplaysMatching matching, List<Map<String, Object>> results) {
            return Json.write(Map.of("replayed", results, "count", results.size()));
        }

        public String delete(@Header("id") String id) {
            if (!entries.containsKey(id)) {
                throw new ApiException(404, "NOT_FOUND", "no dead-letter entry " + id, "id");
            }
            return Json.write(Map.of("deleted", id));
        }
    }
}
