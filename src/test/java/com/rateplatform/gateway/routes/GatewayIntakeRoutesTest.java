package com.rateplatform.gateway.routes;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;

import com.fasterxml.jackson.databind.JsonNode;
import io.lettuce.core.RedisConnectionException;
import org.apache.camel.CamelContext;
import org.apache.camel.EndpointInject;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;
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
import com.rateplatform.gateway.api.RequestIntake;
import com.rateplatform.gateway.contract.ApiException;
import com.rateplatform.gateway.contract.Source;
import com.rateplatform.gateway.message.Ids;
import com.rateplatform.gateway.message.Json;
import com.rateplatform.gateway.message.MessageCodec;
import com.rateplatform.gateway.message.PriorityLanes;
import com.rateplatform.gateway.message.RequestMessage;
import com.rateplatform.gateway.stream.RedisStreamConstants;
import com.rateplatform.gateway.support.TestKeys;

/**
 * gateway-intake.camel.yaml (stage 2) with json-reply and http-api-errors: an accepted request is recorded pending,
 * published to its priority lane with its entry id noted, and answered 202; a repeated Idempotency-Key gets the first
 * answer and nothing else happens; the guard's refusal, a bad body, a full backlog, PostgreSQL or Redis down become the
 * JSON error with its status. Body parsing, lanes, the codec and the error rendering are the real beans; the guard,
 * idempotency keys, webhook URL check, back-pressure and the pending store stand in at the route's boundary.
 */
@CamelMainTest(properties = {RouteTests.NO_SERVER, RouteTests.NO_MANAGEMENT, RouteTests.NO_METRICS,
        RouteTests.NO_INLINE_ROUTES, RouteTests.ONLY_DIRECT_ROUTES})
class GatewayIntakeRoutesTest {

    private static final MessageCodec CODEC = TestKeys.codec();
    private static final String CALLER = "Bearer token:acme";

    private final TestGuard guard = new TestGuard();
    private final Pending pendingRequests = new Pending();
    private final FirstAnswers idempotencyKeys = new FirstAnswers();
    private final Backlog backPressure = new Backlog();

    @EndpointInject("mock:validation_requests")
    MockEndpoint normalLane;
    @EndpointInject("mock:validation_requests_high")
    MockEndpoint highLane;

    @Produce
    ProducerTemplate http;

    @Configure
    protected void configure(MainConfigurationProperties configuration) {
        RouteTests.load(configuration, this::bindBeans, RouteTests.ERROR_POLICIES, RouteTests.REST_API, "gateway-intake.camel.yaml");
    }

    private void bindBeans(CamelContext context) {
        context.getRegistry().bind("guard", guard);
        context.getRegistry().bind("requestIntake", new RequestIntake(new Ids(), Clock.systemUTC(), 100, 10, 200, 16,
                Map.of(Source.EXTENSION, "extension_responses", Source.IMPORTER, "importer_responses")));
        context.getRegistry().bind("idempotencyKeys", idempotencyKeys);
        context.getRegistry().bind("webhookUrlCheck", new WebhookUrls());
        context.getRegistry().bind("pendingRequests", pendingRequests);
        context.getRegistry().bind("backPressure", backPressure);
        context.getRegistry().bind("priorityLanes", new PriorityLanes());
        context.getRegistry().bind("messageCodec", CODEC);
        context.getRegistry().bind("apiErrors", new ApiErrors(5));
    }

    @BeforeEach
    void entryIdsLikeRedis() {
        for (MockEndpoint lane : List.of(normalLane, highLane)) {
            lane.whenAnyExchangeReceived(exchange -> exchange.getIn().setHeader(RedisStreamConstants.ENTRY_IDS,
                    IntStream.range(0, exchange.getIn().getBody(List.class).size()).mapToObj(i -> "1-" + i).toList()));
        }
    }

    @Test
    void aRequestIsRecordedPendingPublishedToItsLaneAndAnswered202() throws Exception {
        normalLane.expectedMessageCount(1);
        highLane.expectedMessageCount(0);

        Exchange reply = post("direct:validate", "{\"request_id\": \"req_1\", \"data\": {\"items\": [{\"phone\": \"0912345678\"}]}}");

        assertThat(reply.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class)).isEqualTo(202);
        assertThat(reply.getMessage().getHeader(Exchange.CONTENT_TYPE)).isEqualTo("application/json");
        assertThat(Json.MAPPER.readTree(reply.getMessage().getBody(String.class)))
                .isEqualTo(Json.MAPPER.readTree("{\"request_id\": \"req_1\", \"status\": \"processing\"}"));
        MockEndpoint.assertIsSatisfied(normalLane, highLane);
        List<?> entries = normalLane.getExchanges().get(0).getIn().getBody(List.class);
        RequestMessage published = CODEC.decodeRequest((String) entries.get(0));
        assertThat(published.requestId()).isEqualTo("req_1");
        assertThat(published.userId()).isEqualTo("token:acme");
        assertThat(pendingRequests.recorded).containsExactly("req_1");
        assertThat(pendingRequests.entryIds).containsExactly(Map.entry("req_1", "1-0"));
        assertThat(guard.scopesRequired).containsExactly("validation:write");
        assertThat(idempotencyKeys.remembered).hasSize(1);
    }

    @Test
    void aBatchIsSplitByPriorityAndAnsweredWithEveryRequest() throws Exception {
        highLane.expectedMessageCount(1);
        normalLane.expectedMessageCount(1);

        Exchange reply = post("direct:validate-batch", "{\"requests\": ["
                + "{\"request_id\": \"req_h\", \"priority\": \"high\", \"data\": {\"items\": [{\"phone\": \"1\"}]}},"
                + "{\"request_id\": \"req_n\", \"data\": {\"items\": [{\"phone\": \"2\"}]}}]}");

        assertThat(reply.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class)).isEqualTo(202);
        JsonNode body = Json.MAPPER.readTree(reply.getMessage().getBody(String.class));
        assertThat(body.get("requests")).extracting(node -> node.get("request_id").asText()).containsExactly("req_h", "req_n");
        MockEndpoint.assertIsSatisfied(normalLane, highLane);
        assertThat(CODEC.decodeRequest((String) highLane.getExchanges().get(0).getIn().getBody(List.class).get(0)).requestId())
                .isEqualTo("req_h");
        assertThat(pendingRequests.entryIds).extracting(Map.Entry::getKey).containsExactlyInAnyOrder("req_h", "req_n");
    }

    @Test
    void aRepeatedIdempotencyKeyGetsTheFirstAnswerAndNothingIsRecordedOrPublished() throws Exception {
        idempotencyKeys.firstAnswer = "{\"request_id\":\"req_first\",\"status\":\"processing\"}";
        normalLane.expectedMessageCount(0);

        Exchange reply = http.send("direct:validate", exchange -> {
            exchange.getIn().setHeader(TestGuard.AUTHORIZATION, CALLER);
            exchange.getIn().setHeader("Idempotency-Key", "k-1");
            exchange.getIn().setBody("{\"request_id\": \"req_again\", \"data\": {\"items\": [{\"phone\": \"1\"}]}}");
        });

        assertThat(reply.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class)).isEqualTo(202);
        assertThat(reply.getMessage().getBody(String.class)).isEqualTo(idempotencyKeys.firstAnswer);
        normalLane.assertIsSatisfied();
        assertThat(pendingRequests.recorded).isEmpty();
    }

    @Test
    void anImportAsksForTheImporterScopeAndIsRefused503WhileTheBacklogIsFull() throws Exception {
        backPressure.full = true;
        normalLane.expectedMessageCount(0);

        Exchange reply = post("direct:import", "{\"data\": {\"items\": [{\"phone\": \"1\"}]}}");

        assertError(reply, 503, "BACKLOG_FULL");
        assertThat(reply.getMessage().getHeader("Retry-After")).isEqualTo(5);
        assertThat(guard.scopesRequired).containsExactly("importer:write");
        normalLane.assertIsSatisfied();
    }

    @Test
    void withoutCredentialsTheGuardsRefusalIsTheReply() throws Exception {
        Exchange reply = http.send("direct:validate", exchange -> exchange.getIn().setBody("{}"));

        assertError(reply, 401, "UNAUTHORIZED");
        assertThat(reply.getMessage().getHeader("WWW-Authenticate")).isNotNull();
        assertThat(pendingRequests.recorded).isEmpty();
    }

    @Test
    void aBadBodyIs400NamingTheField() throws Exception {
        Exchange reply = post("direct:validate", "{\"data\": {\"items\": \"none\"}}");

        JsonNode error = assertError(reply, 400, null);
        assertThat(error.get("field").asText()).startsWith("data.items");
        assertThat(pendingRequests.recorded).isEmpty();
    }

    @Test
    void postgresqlDownIs503AndNothingIsPublished() throws Exception {
        pendingRequests.failWith = new SQLException("connection refused");
        normalLane.expectedMessageCount(0);

        Exchange reply = post("direct:validate", "{\"data\": {\"items\": [{\"phone\": \"1\"}]}}");

        assertError(reply, 503, "SERVICE_UNAVAILABLE");
        assertThat(reply.getMessage().getHeader("Retry-After")).isEqualTo(5);
        normalLane.assertIsSatisfied();
    }

    @Test
    void redisDownAtPublishIs503AndTheRequestStaysPendingForTheReconciler() throws Exception {
        normalLane.whenAnyExchangeReceived(exchange -> {
            throw new RedisConnectionException("Redis down");
        });

        Exchange reply = post("direct:validate", "{\"request_id\": \"req_r\", \"data\": {\"items\": [{\"phone\": \"1\"}]}}");

        assertError(reply, 503, "SERVICE_UNAVAILABLE");
        assertThat(pendingRequests.recorded).containsExactly("req_r");
        assertThat(pendingRequests.entryIds).isEmpty();
        assertThat(idempotencyKeys.remembered).isEmpty();
    }

    private Exchange post(String route, String body) {
        return http.send(route, exchange -> {
            exchange.getIn().setHeader(TestGuard.AUTHORIZATION, CALLER);
            exchange.getIn().setBody(body);
        });
    }

    /** The JSON error reply of http-api-errors: its status, Content-Type and code; returns {@code error}. */
    static JsonNode assertError(Exchange reply, int status, String code) throws Exception {
        assertThat(reply.isFailed()).as("handled by http-api-errors").isFalse();
        assertThat(reply.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class)).isEqualTo(status);
        assertThat(reply.getMessage().getHeader(Exchange.CONTENT_TYPE)).isEqualTo("application/json");
        JsonNode error = Json.MAPPER.readTree(reply.getMessage().getBody(String.class)).get("error");
        assertThat(error).as("an error object").isNotNull();
        if (code != null) {
            assertThat(error.get("code").asText()).isEqualTo(code);
        }
        assertThat(error.get("message").asText()).isNotBlank();
        return error;
    }

    /** pendingRequests: the requests recorded pending, and the entry id noted for each. */
    public static class Pending {
        final List<String> recorded = new CopyOnWriteArrayList<>();
        final List<Map.Entry<String, String>> entryIds = new CopyOnWriteArrayList<>();
        volatile Exception failWith;

        public List<RequestMessage> record(List<RequestMessage> requests) throws Exception {
            if (failWith != null) {
                throw failWith;
            }
            requests.forEach(request -> recorded.add(request.requestId()));
            return requests;
        }

        public void recordEntryIds(List<RequestMessage> published, List<String> ids) {
            for (int i = 0; i < published.size(); i++) {
                entryIds.add(Map.entry(published.get(i).requestId(), ids.get(i)));
            }
        }
    }

    /** idempotencyKeys: answers firstAnswer when set; notes what is remembered. */
    public static class FirstAnswers {
        final List<String> remembered = new CopyOnWriteArrayList<>();
        volatile String firstAnswer;

        public String firstAnswer(@Header("Idempotency-Key") String key) {
            return firstAnswer;
        }

        public void remember(Exchange exchange) {
            remembered.add(exchange.getMessage().getBody(String.class));
        }
    }

    /** webhookUrlCheck: every URL allowed (security.WebhookUrlCheck is tested on its own). */
    public static class WebhookUrls {
        public void check(List<RequestMessage> requests) {
        }
    }

    /** backPressure: the backlog is full while full is set (the real bean's refusal). */
    public static class Backlog {
        volatile boolean full;

        public void rejectWhenOverloaded() {
            if (full) {
                throw new ApiException(503, "BACKLOG_FULL", "the validation backlog is full; retry later", null);
            }
        }
    }
}
