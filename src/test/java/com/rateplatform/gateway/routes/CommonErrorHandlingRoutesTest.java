package com.rateplatform.gateway.routes;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import io.lettuce.core.RedisCommandTimeoutException;
import org.apache.camel.CamelContext;
import org.apache.camel.EndpointInject;
import org.apache.camel.Exchange;
import org.apache.camel.Produce;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.main.MainConfigurationProperties;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.apache.camel.test.main.junit5.Configure;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.rateplatform.gateway.api.ApiErrors;
import com.rateplatform.gateway.contract.ApiException;
import com.rateplatform.gateway.deadletter.DeadLetters;
import com.rateplatform.gateway.message.MalformedMessageException;
import com.rateplatform.gateway.persistence.RequestIdConflictException;

/**
 * common-error-handling.camel.yaml: each error policy on a route of the test's own that names it and fails as told
 * (the header {@code fail}: the exception class to throw, on every attempt or only the first). Where a failure goes is
 * the policy's: http-api-errors gives the JSON error with its status; stream-entry-errors dead-letters poison entries
 * (from the entry as read) and retries the rest, then hands them back; inner-route hands a failure to its caller's
 * policy; background-errors does not retry, and the exchange ends failed (counted).
 */
@CamelMainTest(properties = {RouteTests.NO_SERVER, RouteTests.NO_MANAGEMENT, RouteTests.NO_METRICS,
        RouteTests.NO_INLINE_ROUTES, RouteTests.FAST_RETRY, RouteTests.FAST_RETRY_CAP})
class CommonErrorHandlingRoutesTest {

    private final AtomicInteger attempts = new AtomicInteger();
    private final DeadLetterSteps deadLetters = new DeadLetterSteps();

    @EndpointInject("mock:validation_dlq")
    MockEndpoint deadLetterStream;
    @EndpointInject("mock:after-inner")
    MockEndpoint afterInner;

    @Produce
    ProducerTemplate template;

    /** Fails with {@code failure} on the attempts up to {@code failures}, then lets the exchange through. */
    private volatile Exception failure;
    private volatile int failures;

    @Configure
    protected void configure(MainConfigurationProperties configuration) {
        RouteTests.load(configuration, this::bindBeans, RouteTests.ERROR_POLICIES);
        configuration.addRoutesBuilder(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:http").routeId("test-http").routeConfigurationId("http-api-errors")
                        .to("direct:inner").to("mock:after-inner");
                from("direct:inner").routeId("test-inner").routeConfigurationId("inner-route")
                        .process(exchange -> fail());
                from("direct:stream").routeId("test-stream").routeConfigurationId("stream-entry-errors")
                        .setBody(constant("changed by a step before the failure"))
                        .process(exchange -> fail());
                from("direct:background").routeId("test-background").routeConfigurationId("background-errors")
                        .process(exchange -> fail());
            }
        });
    }

    private void bindBeans(CamelContext context) {
        context.getRegistry().bind("apiErrors", new ApiErrors(7));
        deadLetters.bind(context);
    }

    @BeforeEach
    void failEveryAttempt() {
        failures = Integer.MAX_VALUE;
    }

    private void fail() throws Exception {
        if (attempts.incrementAndGet() <= failures && failure != null) {
            throw failure;
        }
    }

    @Test
    void httpApiErrorsKeepsTheClientsMistakeWithItsStatusFieldAndHeaders() throws Exception {
        failure = new ApiException(429, "RATE_LIMITED", "slow down", null, Map.of("Retry-After", "3"));

        Exchange reply = template.send("direct:http", exchange -> exchange.getIn().setHeader("X-From-Outside", "kept?"));

        JsonNode error = GatewayIntakeRoutesTest.assertError(reply, 429, "RATE_LIMITED");
        assertThat(error.get("message").asText()).isEqualTo("slow down");
        assertThat(reply.getMessage().getHeader("Retry-After")).isEqualTo("3");
        assertThat(reply.getMessage().getHeader("X-From-Outside")).as("no header of the request is answered").isNull();
        assertThat(afterInner.getReceivedCounter()).as("the inner route's failure ends the caller").isZero();
        assertThat(attempts).as("no retry").hasValue(1);
    }

    @Test
    void httpApiErrorsAnswersRedisOrPostgresqlDownWith503AndRetryAfter() throws Exception {
        failure = new RedisCommandTimeoutException("Command timed out");
        assertThat(template.send("direct:http", exchange -> { }).getMessage().getHeader("Retry-After")).isEqualTo(7);

        failure = new SQLException("connection refused");
        Exchange reply = template.send("direct:http", exchange -> { });

        GatewayIntakeRoutesTest.assertError(reply, 503, "SERVICE_UNAVAILABLE");
        assertThat(reply.getMessage().getHeader("Retry-After")).isEqualTo(7);
    }

    @Test
    void httpApiErrorsAnswersAKnownRequestIdOfAnotherRequestWith409() throws Exception {
        failure = new RequestIdConflictException(List.of("req_taken"));

        GatewayIntakeRoutesTest.assertError(template.send("direct:http", exchange -> { }), 409, "REQUEST_ID_CONFLICT");
    }

    @Test
    void httpApiErrorsAnswersAnythingElseWith500NamingNoInternals() throws Exception {
        failure = new IllegalStateException("secret internals at db-7.internal");

        Exchange reply = template.send("direct:http", exchange -> { });

        JsonNode error = GatewayIntakeRoutesTest.assertError(reply, 500, "INTERNAL_ERROR");
        assertThat(error.toString()).doesNotContain("db-7", "IllegalState");
    }

    @Test
    void streamEntryErrorsDeadLettersAPoisonEntryAsReadWithItsErrorCodeAndAcknowledgesIt() throws Exception {
        failure = new MalformedMessageException("PAYLOAD_KEY_UNKNOWN", "sealed with key k9, not held", null);
        deadLetterStream.expectedMessageCount(1);

        Exchange done = DeadLetterSteps.deliver(template, "direct:stream", "validation_requests",
                "{\"request_id\":\"req_sealed\"}", 1);

        assertThat(done.isFailed()).as("handled: acknowledged").isFalse();
        deadLetterStream.assertIsSatisfied(5, TimeUnit.SECONDS);
        JsonNode letter = DeadLetterSteps.firstLetter(deadLetterStream);
        assertThat(letter.get("error_code").asText()).isEqualTo("PAYLOAD_KEY_UNKNOWN");
        assertThat(letter.get("payload").asText()).as("the entry as read, not as a step changed it")
                .isEqualTo("{\"request_id\":\"req_sealed\"}");
        assertThat(letter.get("origin_id").asText()).isEqualTo("1700000000000-0");
        assertThat(attempts).as("poison: no retry").hasValue(1);
        assertThat(deadLetters.deadLettered).containsExactly(Map.entry("req_sealed", "PAYLOAD_KEY_UNKNOWN"));
    }

    @Test
    void streamEntryErrorsRetriesATransientFailureAndGoesOnWhenItPasses() {
        failure = new SQLException("connection reset");
        failures = 2;

        Exchange done = DeadLetterSteps.deliver(template, "direct:stream", "validation_requests", "{}", 1);

        assertThat(done.isFailed()).isFalse();
        assertThat(attempts).hasValue(3);
        assertThat(deadLetterStream.getReceivedCounter()).isZero();
    }

    @Test
    void streamEntryErrorsHandsBackATransientFailureOnceItsRetriesAreSpentSoTheEntryStaysPending() {
        failure = new RedisCommandTimeoutException("Command timed out");

        Exchange done = DeadLetterSteps.deliver(template, "direct:stream", "validation_requests", "{}", 1);

        assertThat(done.isFailed()).as("not acknowledged").isTrue();
        assertThat(attempts).as("rate.retry.max-redeliveries + 1").hasValue(4);
        assertThat(deadLetterStream.getReceivedCounter()).isZero();
        assertThat(deadLetters.deadLettered).isEmpty();
    }

    @Test
    void backgroundErrorsDoesNotRetryAndEndsTheExchangeFailed() {
        failure = new SQLException("connection refused");

        Exchange done = template.send("direct:background", exchange -> { });

        assertThat(done.isFailed()).as("counted as a failed exchange").isTrue();
        assertThat(done.getException()).isInstanceOf(SQLException.class);
        assertThat(attempts).hasValue(1);
    }

    @Test
    void everyRouteGoesOnWhenNothingFails() {
        failure = null;

        assertThat(template.send("direct:http", exchange -> { }).isFailed()).isFalse();
        assertThat(template.send("direct:background", exchange -> { }).isFailed()).isFalse();
        assertThat(afterInner.getReceivedCounter()).isEqualTo(1);
    }
}
