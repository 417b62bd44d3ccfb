package com.rateplatform.gateway.routes;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.CamelContext;
import org.apache.camel.EndpointInject;
import org.apache.camel.Exchange;
import org.apache.camel.Header;
import org.apache.camel.Produce;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.AdviceWithRouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.main.MainConfigurationProperties;
import org.apache.camel.test.main.junit5.AdviceRouteMapping;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.apache.camel.test.main.junit5.Configure;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.rateplatform.gateway.api.ApiErrors;
import com.rateplatform.gateway.contract.ApiException;
import com.rateplatform.gateway.delivery.AttemptResult;
import com.rateplatform.gateway.delivery.Delivery;
import com.rateplatform.gateway.delivery.WebhookCalls;
import com.rateplatform.gateway.delivery.WebhookDeadLetters;
import com.rateplatform.gateway.message.Ids;
import com.rateplatform.gateway.message.Json;
import com.rateplatform.gateway.support.TestKeys;

/**
 * gateway-webhooks.camel.yaml (stage 7) with background-errors and http-api-errors: due deliveries are each POSTed
 * signed, with no header of the exchange but the route's, and recorded; a receiver's non-2xx or no answer is a failed
 * attempt, dead after the last one and then on validation_dlq; a URL the policy refuses is dead at once, never called;
 * PostgreSQL down while recording fails the exchange without retry (the delivery is claimed again later). The signing
 * and attempt results (webhookCalls) and dead-letter entries are the real beans; the schedule (webhookOutbox) stands in
 * for PostgreSQL, and the receiver is a mock endpoint in place of camel-http (AdviceWith).
 */
@CamelMainTest(properties = {RouteTests.NO_SERVER, RouteTests.NO_MANAGEMENT, RouteTests.NO_METRICS,
        RouteTests.NO_INLINE_ROUTES, RouteTests.ONLY_DIRECT_ROUTES},
        replaceRouteFromWith = "webhook-dispatch=direct:webhook-dispatch",
        advices = @AdviceRouteMapping(route = "webhook-post", advice = GatewayWebhooksRoutesTest.ReceiverAsMock.class))
class GatewayWebhooksRoutesTest {

    private static final int MAX_ATTEMPTS = 3;

    private final Outbox webhookOutbox = new Outbox();
    private final TestGuard guard = new TestGuard();
    private final java.util.concurrent.ExecutorService senders = Executors.newFixedThreadPool(2);

    @EndpointInject("mock:webhook-receiver")
    MockEndpoint receiver;
    @EndpointInject("mock:validation_dlq")
    MockEndpoint deadLetterStream;

    @Produce
    ProducerTemplate template;

    /** camel-http's call, to the mock receiver: what goes out, and what comes back, is the test's. */
    public static class ReceiverAsMock extends AdviceWithRouteBuilder {
        @Override
        public void configure() {
            weaveByToUri("http:*").replace().to("mock:webhook-receiver");
        }
    }

    @Configure
    protected void configure(MainConfigurationProperties configuration) {
        RouteTests.load(configuration, this::bindBeans, RouteTests.ERROR_POLICIES, RouteTests.REST_API, "gateway-webhooks.camel.yaml");
    }

    private void bindBeans(CamelContext context) {
        Clock clock = Clock.systemUTC();
        context.getRegistry().bind("webhookOutbox", webhookOutbox);
        context.getRegistry().bind("webhookSenders", senders);
        context.getRegistry().bind("webhookCalls", new WebhookCalls(() -> userId -> Optional.of("s3cret"),
                url -> url.contains("10.0.0.1") ? "private address" : null, clock));
        context.getRegistry().bind("webhookMetrics", new Metrics());
        context.getRegistry().bind("webhookDeadLetters", new WebhookDeadLetters(new Ids(), clock, TestKeys.codec()));
        context.getRegistry().bind("operationalEvents", new Events());
        context.getRegistry().bind("guard", guard);
        context.getRegistry().bind("deliveryStatusQuery", new StatusQuery());
        context.getRegistry().bind("apiErrors", new ApiErrors(5));
    }

    @AfterEach
    void stopSenders() {
        senders.shutdownNow();
    }

    @Test
    void dueDeliveriesArePostedSignedWithOnlyTheRoutesHeadersAndRecordedDelivered() throws Exception {
        Delivery first = delivery("https://hooks.example.com/a?x=1", 1);
        Delivery second = delivery("https://hooks.example.com/b", 1);
        webhookOutbox.due.addAll(List.of(first, second));
        receiver.expectedMessageCount(2);
        receiver.whenAnyExchangeReceived(exchange -> exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 204));

        Exchange done = template.send("direct:webhook-dispatch", exchange -> exchange.getIn().setHeader("CamelHttpPath", "/evil"));

        assertThat(done.isFailed()).isFalse();
        receiver.assertIsSatisfied(5, TimeUnit.SECONDS);
        Exchange posted = receiver.getExchanges().stream()
                .filter(exchange -> first.url().equals(exchange.getIn().getHeader(Exchange.HTTP_URI))).findFirst().orElseThrow();
        assertThat(posted.getIn().getHeader(Exchange.HTTP_METHOD)).isEqualTo("POST");
        assertThat(posted.getIn().getHeader("X-Rate-Delivery-Id")).isEqualTo(first.deliveryId().toString());
        assertThat(posted.getIn().getHeader("X-Rate-Signature", String.class)).isNotBlank();
        assertThat(posted.getIn().getHeader("X-Rate-Attempt", String.class)).isEqualTo("1");
        assertThat(posted.getIn().getBody(String.class)).isEqualTo(first.payload());
        assertThat(posted.getIn().getHeaders().keySet()).as("nothing of the exchange goes out but what the route sets")
                .doesNotContain("CamelHttpPath");
        assertThat(webhookOutbox.recorded).extracting(AttemptResult::delivered).containsExactly(true, true);
        assertThat(deadLetterStream.getReceivedCounter()).isZero();
    }

    @Test
    void aReceiversErrorIsAFailedAttemptWithItsStatusAndTheDeliveryStaysScheduled() {
        webhookOutbox.due.add(delivery("https://hooks.example.com/a", 1));
        receiver.whenAnyExchangeReceived(exchange -> exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 503));

        template.send("direct:webhook-dispatch", exchange -> { });

        assertThat(webhookOutbox.recorded).singleElement().satisfies(result -> {
            assertThat(result.statusCode()).isEqualTo(503);
            assertThat(result.error()).isEqualTo("HTTP 503");
            assertThat(result.dead()).isFalse();
        });
        assertThat(deadLetterStream.getReceivedCounter()).isZero();
    }

    @Test
    void noAnswerOnTheLastAttemptIsDeadAndGoesToTheDeadLetterStream() throws Exception {
        Delivery last = delivery("https://hooks.example.com/a", MAX_ATTEMPTS);
        webhookOutbox.due.add(last);
        receiver.whenAnyExchangeReceived(exchange -> {
            throw new ConnectException("Connection refused");
        });
        deadLetterStream.expectedMessageCount(1);

        template.send("direct:webhook-dispatch", exchange -> { });

        deadLetterStream.assertIsSatisfied(5, TimeUnit.SECONDS);
        assertThat(webhookOutbox.recorded).singleElement().satisfies(result -> {
            assertThat(result.statusCode()).isNull();
            assertThat(result.error()).contains("ConnectException");
        });
        assertThat(deadLetterStream.getExchanges().get(0).getIn().getBody(String.class)).contains(last.deliveryId().toString());
    }

    @Test
    void aUrlThePolicyRefusesIsNeverCalledAndDeadAtOnce() throws Exception {
        webhookOutbox.due.add(delivery("https://10.0.0.1/hook", 1));
        deadLetterStream.expectedMessageCount(1);

        template.send("direct:webhook-dispatch", exchange -> { });

        deadLetterStream.assertIsSatisfied(5, TimeUnit.SECONDS);
        assertThat(receiver.getReceivedCounter()).isZero();
        assertThat(webhookOutbox.recorded).singleElement().satisfies(result -> {
            assertThat(result.permanent()).isTrue();
            assertThat(result.error()).contains("private address");
        });
    }

    @Test
    void postgresqlDownWhileRecordingFailsTheAttemptWithoutRetry() {
        webhookOutbox.due.add(delivery("https://hooks.example.com/a", 1));
        webhookOutbox.failWith = new SQLException("connection refused");
        receiver.whenAnyExchangeReceived(exchange -> exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 200));

        Exchange done = template.send("direct:webhook-attempt", exchange -> exchange.getIn().setBody(webhookOutbox.due.get(0)));

        assertThat(done.isFailed()).as("background-errors: logged and counted as failed").isTrue();
        assertThat(webhookOutbox.recordAttempts).as("no retry in place").hasValue(1);
        assertThat(receiver.getReceivedCounter()).isEqualTo(1);
        assertThat(deadLetterStream.getReceivedCounter()).isZero();
    }

    @Test
    void theStatusOfADeliveryIsAnsweredAsJsonForTheImporterReadScope() throws Exception {
        Exchange reply = template.send("direct:webhook-delivery-status", exchange -> {
            exchange.getIn().setHeader(TestGuard.AUTHORIZATION, "Bearer token:acme");
            exchange.getIn().setHeader("deliveryId", "d-1");
        });

        assertThat(reply.getMessage().getHeader(Exchange.CONTENT_TYPE)).isEqualTo("application/json");
        JsonNode body = Json.MAPPER.readTree(reply.getMessage().getBody(String.class));
        assertThat(body.get("delivery_id").asText()).isEqualTo("d-1");
        assertThat(guard.scopesRequired).containsExactly("importer:read");
    }

    @Test
    void anUnknownDeliveryIs404() throws Exception {
        Exchange reply = template.send("direct:webhook-delivery-status", exchange -> {
            exchange.getIn().setHeader(TestGuard.AUTHORIZATION, "Bearer token:acme");
            exchange.getIn().setHeader("deliveryId", "unknown");
        });

        GatewayIntakeRoutesTest.assertError(reply, 404, "NOT_FOUND");
    }

    private static Delivery delivery(String url, int attempt) {
        return new Delivery(UUID.randomUUID(), "request", "req-1", "token:acme", url,
                "{\"event\":\"request.completed\",\"request_id\":\"req-1\"}", attempt);
    }

    /** webhookOutbox: the due deliveries, and each attempt recorded (dead as the real one decides). */
    public static class Outbox {
        final List<Delivery> due = new CopyOnWriteArrayList<>();
        final List<AttemptResult> recorded = new CopyOnWriteArrayList<>();
        final AtomicInteger recordAttempts = new AtomicInteger();
        volatile Exception failWith;

        public List<Delivery> claimDue() {
            return List.copyOf(due);
        }

        public AttemptResult recordAttempt(AttemptResult result) throws Exception {
            recordAttempts.incrementAndGet();
            if (failWith != null) {
                throw failWith;
            }
            boolean dead = !result.delivered() && (result.permanent() || result.delivery().attempt() >= MAX_ATTEMPTS);
            AttemptResult recordedResult = new AttemptResult(result.delivery(), result.attemptedAt(), result.durationMs(),
                    result.statusCode(), result.error(), result.permanent(), dead);
            recorded.add(recordedResult);
            return recordedResult;
        }
    }

    /** webhookMetrics: not under test here. */
    public static class Metrics {
        public void attempted(AttemptResult result) {
        }
    }

    /** operationalEvents: not under test here. */
    public static class Events {
        public void webhookDead(AttemptResult result, String dlqId) {
        }
    }

    /** deliveryStatusQuery: one delivery, d-1. */
    public static class StatusQuery {
        public String describe(@Header("deliveryId") String deliveryId) {
            if (!"d-1".equals(deliveryId)) {
                throw new ApiException(404, "NOT_FOUND", "no webhook delivery " + deliveryId, null);
            }
            return Json.write(java.util.Map.of("delivery_id", deliveryId, "status", "delivered"));
        }
    }
}
