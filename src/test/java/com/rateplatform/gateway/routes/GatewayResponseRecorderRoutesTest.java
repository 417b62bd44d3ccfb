package com.rateplatform.gateway.routes;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.camel.Body;
import org.apache.camel.CamelContext;
import org.apache.camel.EndpointInject;
import org.apache.camel.Exchange;
import org.apache.camel.Produce;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.main.MainConfigurationProperties;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.apache.camel.test.main.junit5.Configure;
import org.junit.jupiter.api.Test;

import com.rateplatform.gateway.deadletter.DeadLetters;
import com.rateplatform.gateway.message.ItemResult;
import com.rateplatform.gateway.message.MessageCodec;
import com.rateplatform.gateway.message.ResponseMessage;
import com.rateplatform.gateway.support.TestKeys;

/**
 * gateway-response-recorder.camel.yaml (stage 5) with its consumer template and error policy: a response is recorded
 * with the stream it came from and its webhook scheduled; an importer response also counts towards its batch (a chunk's
 * webhook goes with its batch); an entry over the delivery limit or of the wrong shape goes to validation_dlq and its
 * request gets status error; a transient failure is retried, then handed back so the entry stays pending.
 */
@CamelMainTest(properties = {RouteTests.NO_SERVER, RouteTests.NO_MANAGEMENT, RouteTests.NO_METRICS,
        RouteTests.NO_INLINE_ROUTES, RouteTests.FAST_RETRY, RouteTests.FAST_RETRY_CAP},
        replaceRouteFromWith = {"record-extension-responses=direct:record-extension-responses",
                "record-importer-responses=direct:record-importer-responses"})
class GatewayResponseRecorderRoutesTest {

    private static final MessageCodec CODEC = TestKeys.codec();

    private final Responses recordedResponses = new Responses();
    private final Webhooks webhookScheduler = new Webhooks();
    private final Batches batchTracker = new Batches();
    private final DeadLetterSteps deadLetters = new DeadLetterSteps();

    @EndpointInject("mock:validation_dlq")
    MockEndpoint deadLetterStream;

    @Produce
    ProducerTemplate entries;

    @Configure
    protected void configure(MainConfigurationProperties configuration) {
        RouteTests.load(configuration, this::bindBeans,
                RouteTests.ERROR_POLICIES, RouteTests.STREAM_CONSUMERS, "gateway-response-recorder.camel.yaml");
    }

    private void bindBeans(CamelContext context) {
        context.getRegistry().bind("messageCodec", CODEC);
        context.getRegistry().bind("recordedResponses", recordedResponses);
        context.getRegistry().bind("webhookScheduler", webhookScheduler);
        context.getRegistry().bind("batchTracker", batchTracker);
        deadLetters.bind(context);
    }

    @Test
    void anExtensionResponseIsRecordedWithItsStreamAndItsWebhookScheduled() {
        Exchange done = deliver("direct:record-extension-responses", "extension_responses", response("req-ext"), 1);

        assertThat(done.isFailed()).isFalse();
        assertThat(recordedResponses.recorded).containsExactly(Map.entry("req-ext", "extension_responses"));
        assertThat(webhookScheduler.scheduled).containsExactly(Map.entry("req-ext", false));
        assertThat(batchTracker.counted).isEmpty();
    }

    @Test
    void anImporterResponseCountsTowardsItsBatchAndAChunksWebhookGoesWithTheBatch() {
        batchTracker.chunks = true;

        Exchange done = deliver("direct:record-importer-responses", "importer_responses", response("chunk-1"), 1);

        assertThat(done.isFailed()).isFalse();
        assertThat(recordedResponses.recorded).containsExactly(Map.entry("chunk-1", "importer_responses"));
        assertThat(batchTracker.counted).containsExactly("chunk-1");
        assertThat(webhookScheduler.scheduled).containsExactly(Map.entry("chunk-1", true));
    }

    @Test
    void anImporterResponseOfNoBatchGetsAWebhookOfItsOwn() {
        deliver("direct:record-importer-responses", "importer_responses", response("req-imp"), 1);

        assertThat(webhookScheduler.scheduled).containsExactly(Map.entry("req-imp", false));
    }

    @Test
    void anEntryOverTheDeliveryLimitIsDeadLetteredNotRecorded() throws Exception {
        deadLetterStream.expectedMessageCount(1);

        Exchange done = deliver("direct:record-extension-responses", "extension_responses", response("req-tired"), 6);

        assertThat(done.isFailed()).as("handled: the entry is acknowledged").isFalse();
        deadLetterStream.assertIsSatisfied(5, TimeUnit.SECONDS);
        assertThat(DeadLetterSteps.firstLetter(deadLetterStream).get("error_code").asText())
                .isEqualTo(DeadLetters.DELIVERY_LIMIT_EXCEEDED);
        assertThat(DeadLetterSteps.firstLetter(deadLetterStream).get("origin_stream").asText()).isEqualTo("extension_responses");
        assertThat(recordedResponses.attempts).hasValue(0);
        assertThat(deadLetters.deadLettered).containsExactly(Map.entry("req-tired", DeadLetters.DELIVERY_LIMIT_EXCEEDED));
    }

    @Test
    void anEntryOfTheWrongShapeIsDeadLetteredAtOnce() throws Exception {
        deadLetterStream.expectedMessageCount(1);

        Exchange done = deliver("direct:record-importer-responses", "importer_responses", "{\"request_id\":\"req-odd\",\"results\":7}", 1);

        assertThat(done.isFailed()).isFalse();
        deadLetterStream.assertIsSatisfied(5, TimeUnit.SECONDS);
        assertThat(DeadLetterSteps.firstLetter(deadLetterStream).get("error_code").asText()).isEqualTo(DeadLetters.MALFORMED_ENTRY);
        assertThat(deadLetters.deadLettered).containsExactly(Map.entry("req-odd", DeadLetters.MALFORMED_ENTRY));
        assertThat(recordedResponses.attempts).hasValue(0);
    }

    @Test
    void aTransientFailureIsRetriedThenHandedBackSoTheEntryStaysPending() throws Exception {
        recordedResponses.failWith = new SQLException("database down");
        deadLetterStream.expectedMessageCount(0);

        Exchange done = deliver("direct:record-extension-responses", "extension_responses", response("req-down"), 1);

        assertThat(done.isFailed()).as("not acknowledged").isTrue();
        assertThat(done.getException()).isInstanceOf(SQLException.class);
        deadLetterStream.assertIsSatisfied();
        assertThat(recordedResponses.attempts).hasValue(4);
        assertThat(webhookScheduler.scheduled).isEmpty();
        assertThat(deadLetters.deadLettered).isEmpty();
    }

    private Exchange deliver(String consumer, String stream, ResponseMessage response, long deliveryCount) {
        return deliver(consumer, stream, CODEC.encodeResponse(response), deliveryCount);
    }

    private Exchange deliver(String consumer, String stream, String entry, long deliveryCount) {
        return DeadLetterSteps.deliver(entries, consumer, stream, entry, deliveryCount);
    }

    private static ResponseMessage response(String requestId) {
        return new ResponseMessage(requestId, ResponseMessage.SUCCESS, List.of(
                new ItemResult("item_001", ItemResult.Verdict.DONE, null, 1.0, Map.of())), 5, "2026-12-01T10:00:01Z", "token:test");
    }

    /** recordedResponses: which responses were recorded from which stream; fails every attempt while failWith is set. */
    public static class Responses {
        final List<Map.Entry<String, String>> recorded = new CopyOnWriteArrayList<>();
        final AtomicInteger attempts = new AtomicInteger();
        volatile Exception failWith;

        public CompletableFuture<ResponseMessage> record(ResponseMessage response, String stream) {
            attempts.incrementAndGet();
            if (failWith != null) {
                return CompletableFuture.failedFuture(failWith);
            }
            recorded.add(Map.entry(response.requestId(), stream));
            return CompletableFuture.completedFuture(response);
        }
    }

    /** webhookScheduler: which requests completed, and whether as a member of a batch. */
    public static class Webhooks {
        final List<Map.Entry<String, Boolean>> scheduled = new CopyOnWriteArrayList<>();

        public CompletableFuture<Void> requestCompleted(@Body ResponseMessage response, Boolean batchMember) {
            scheduled.add(Map.entry(response.requestId(), batchMember));
            return CompletableFuture.completedFuture(null);
        }
    }

    /** batchTracker: every response is a chunk of a batch while chunks is set. */
    public static class Batches {
        final List<String> counted = new CopyOnWriteArrayList<>();
        volatile boolean chunks;

        public boolean chunkCompleted(@Body ResponseMessage response) {
            if (chunks) {
                counted.add(response.requestId());
            }
            return chunks;
        }
    }
}
