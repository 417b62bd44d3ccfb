package com.rateplatform.gateway.routes;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.CamelContext;
import org.apache.camel.EndpointInject;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.main.MainConfigurationProperties;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.apache.camel.test.main.junit5.Configure;
import org.junit.jupiter.api.Test;

import com.rateplatform.gateway.deadletter.DeadLetters;
import com.rateplatform.gateway.message.CallbackConfig;
import com.rateplatform.gateway.message.Item;
import com.rateplatform.gateway.message.MessageCodec;
import com.rateplatform.gateway.message.RequestData;
import com.rateplatform.gateway.message.RequestFields;
import com.rateplatform.gateway.message.RequestMessage;
import com.rateplatform.gateway.message.ResponseMessage;
import com.rateplatform.gateway.support.TestKeys;
import com.rateplatform.gateway.validation.ItemValidator;
import com.rateplatform.gateway.validation.ValidationProcessor;

/**
 * worker-validator.camel.yaml (stage 4) with its consumer template and error policy: an entry of validation_requests
 * is validated, its items recorded and its response published to the stream of its source; an entry over the delivery
 * limit or not JSON goes to validation_dlq and its request gets status error; a transient failure is retried, then
 * handed back so the entry stays pending. The codec, validator and dead letters are the real ones; raw_items, the
 * reports and the request status are recorded by the test's beans.
 */
@CamelMainTest(properties = {RouteTests.NO_SERVER, RouteTests.NO_MANAGEMENT, RouteTests.NO_METRICS,
        RouteTests.NO_INLINE_ROUTES, RouteTests.FAST_RETRY, RouteTests.FAST_RETRY_CAP},
        replaceRouteFromWith = {"validator=direct:validator", "validator-high=direct:validator-high"})
class WorkerValidatorRoutesTest {

    private static final MessageCodec CODEC = TestKeys.codec();

    private final RecordingItemStore itemStore = new RecordingItemStore();
    private final RecordingReportLookup reportLookup = new RecordingReportLookup();
    private final DeadLetterSteps deadLetters = new DeadLetterSteps();

    @EndpointInject("mock:extension_responses")
    MockEndpoint extensionResponses;
    @EndpointInject("mock:importer_responses")
    MockEndpoint importerResponses;
    @EndpointInject("mock:validation_dlq")
    MockEndpoint deadLetterStream;

    @org.apache.camel.Produce
    ProducerTemplate entries;

    @Configure
    protected void configure(MainConfigurationProperties configuration) {
        RouteTests.load(configuration, this::bindBeans,
                RouteTests.ERROR_POLICIES, RouteTests.STREAM_CONSUMERS, "worker-validator.camel.yaml");
    }

    private void bindBeans(CamelContext context) {
        Clock clock = Clock.systemUTC();
        context.getRegistry().bind("messageCodec", CODEC);
        context.getRegistry().bind("requestFields", new RequestFields());
        context.getRegistry().bind("validationProcessor", new ValidationProcessor(ItemValidator.load(""), clock));
        context.getRegistry().bind("itemStore", itemStore);
        context.getRegistry().bind("reportLookup", reportLookup);
        deadLetters.bind(context);
    }

    @Test
    void anExtensionRequestIsValidatedRecordedAndAnsweredOnExtensionResponses() throws Exception {
        extensionResponses.expectedMessageCount(1);
        importerResponses.expectedMessageCount(0);
        deadLetterStream.expectedMessageCount(0);

        Exchange done = deliver("direct:validator", CODEC.encodeRequest(request("req-ext", "extension", "validate")), 1);

        assertThat(done.isFailed()).isFalse();
        MockEndpoint.assertIsSatisfied(extensionResponses, importerResponses, deadLetterStream);
        ResponseMessage published = CODEC.decodeResponse(extensionResponses.getExchanges().get(0).getIn().getBody(String.class));
        assertThat(published.requestId()).isEqualTo("req-ext");
        assertThat(published.results()).hasSize(1);
        assertThat(itemStore.recorded).extracting(RequestMessage::requestId).containsExactly("req-ext");
        assertThat(reportLookup.calls).hasValue(0);
    }

    @Test
    void anImporterRequestOnTheHighLaneIsAnsweredOnImporterResponses() throws Exception {
        importerResponses.expectedMessageCount(1);
        extensionResponses.expectedMessageCount(0);

        deliver("direct:validator-high", CODEC.encodeRequest(request("req-imp", "importer", "import")), 1);

        MockEndpoint.assertIsSatisfied(extensionResponses, importerResponses);
        assertThat(CODEC.decodeResponse(importerResponses.getExchanges().get(0).getIn().getBody(String.class)).requestId())
                .isEqualTo("req-imp");
    }

    @Test
    void aCheckAddsTheReportsBeforeTheResponseIsRecorded() throws Exception {
        extensionResponses.expectedMessageCount(1);

        deliver("direct:validator", CODEC.encodeRequest(request("req-check", "extension", "check")), 1);

        extensionResponses.assertIsSatisfied(5, TimeUnit.SECONDS);
        assertThat(reportLookup.calls).hasValue(1);
    }

    @Test
    void anEntryOverTheDeliveryLimitIsDeadLetteredNotValidated() throws Exception {
        deadLetterStream.expectedMessageCount(1);
        extensionResponses.expectedMessageCount(0);

        Exchange done = deliver("direct:validator", CODEC.encodeRequest(request("req-tired", "extension", "validate")), 6);

        assertThat(done.isFailed()).as("handled: the entry is acknowledged").isFalse();
        MockEndpoint.assertIsSatisfied(deadLetterStream, extensionResponses);
        JsonNode letter = DeadLetterSteps.firstLetter(deadLetterStream);
        assertThat(letter.get("error_code").asText()).isEqualTo(DeadLetters.DELIVERY_LIMIT_EXCEEDED);
        assertThat(letter.get("request_id").asText()).isEqualTo("req-tired");
        assertThat(letter.get("origin_stream").asText()).isEqualTo("validation_requests");
        assertThat(letter.get("fail_count").asLong()).isEqualTo(6);
        assertThat(itemStore.recorded).isEmpty();
        assertThat(deadLetters.deadLettered).containsExactly(Map.entry("req-tired", DeadLetters.DELIVERY_LIMIT_EXCEEDED));
    }

    @Test
    void anEntryThatIsNotJsonIsDeadLetteredAsMalformedAtOnce() throws Exception {
        deadLetterStream.expectedMessageCount(1);

        Exchange done = deliver("direct:validator", "not json", 1);

        assertThat(done.isFailed()).isFalse();
        deadLetterStream.assertIsSatisfied(5, TimeUnit.SECONDS);
        JsonNode letter = DeadLetterSteps.firstLetter(deadLetterStream);
        assertThat(letter.get("error_code").asText()).isEqualTo(DeadLetters.MALFORMED_ENTRY);
        assertThat(letter.get("payload").asText()).isEqualTo("not json");
        assertThat(deadLetters.deadLettered).containsExactly(Map.entry("", DeadLetters.MALFORMED_ENTRY));
    }

    @Test
    void aTransientFailureIsRetriedThenHandedBackSoTheEntryStaysPending() throws Exception {
        itemStore.failWith = new SQLException("database down");
        extensionResponses.expectedMessageCount(0);
        deadLetterStream.expectedMessageCount(0);

        Exchange done = deliver("direct:validator", CODEC.encodeRequest(request("req-down", "extension", "validate")), 1);

        assertThat(done.isFailed()).as("not acknowledged").isTrue();
        assertThat(done.getException()).isInstanceOf(SQLException.class);
        MockEndpoint.assertIsSatisfied(extensionResponses, deadLetterStream);
        // rate.retry.max-redeliveries (3) retries after the first attempt, each from the entry as read
        assertThat(itemStore.attempts).hasValue(4);
        assertThat(deadLetters.deadLettered).isEmpty();
    }

    private Exchange deliver(String consumer, String entry, long deliveryCount) {
        String stream = consumer.endsWith("-high") ? "validation_requests_high" : "validation_requests";
        return DeadLetterSteps.deliver(entries, consumer, stream, entry, deliveryCount);
    }

    private static RequestMessage request(String requestId, String source, String action) {
        return new RequestMessage(requestId, source, "token:test", action,
                new RequestData(List.of(new Item("item_001", "Nguyễn Văn An", "0912345678", "0011001234567", "VCB", null))),
                "normal", new CallbackConfig(source + "_responses", null), "2026-12-01T10:00:00Z", null);
    }

    /** raw_items: what was recorded; fails every attempt while failWith is set. */
    public static class RecordingItemStore {
        final List<RequestMessage> recorded = new CopyOnWriteArrayList<>();
        final AtomicInteger attempts = new AtomicInteger();
        volatile Exception failWith;

        public ResponseMessage record(RequestMessage request, ResponseMessage response) throws Exception {
            attempts.incrementAndGet();
            if (failWith != null) {
                throw failWith;
            }
            recorded.add(request);
            return response;
        }
    }

    /** The reports of a check: counts the calls, leaves the response as it is. */
    public static class RecordingReportLookup {
        final AtomicInteger calls = new AtomicInteger();

        public ResponseMessage addReports(ResponseMessage response) {
            calls.incrementAndGet();
            return response;
        }
    }
}
