package com.rateplatform.gateway.routes;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.camel.CamelContext;
import org.apache.camel.EndpointInject;
import org.apache.camel.Exchange;
import org.apache.camel.Produce;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.AdviceWithRouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.main.MainConfigurationProperties;
import org.apache.camel.test.main.junit5.AdviceRouteMapping;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.apache.camel.test.main.junit5.Configure;
import org.junit.jupiter.api.Test;

import com.rateplatform.gateway.message.RequestData;
import com.rateplatform.gateway.message.RequestMessage;

/**
 * gateway-reconciler.camel.yaml with background-errors: each run reconciles the high lane, then the normal one; each
 * lane's three loss checks run in order on what the one before found, and what they find is published again through
 * stage 2's publish-requests (a mock endpoint here) and told on monitoring_events; a lane with nothing lost publishes
 * nothing; PostgreSQL down ends the run failed, without retry (the next run looks again). The checks themselves
 * (recovery.Reconciler, PostgreSQL and Redis) stand in here: RedisLossRecoveryTest runs them for real.
 */
@CamelMainTest(properties = {RouteTests.NO_SERVER, RouteTests.NO_MANAGEMENT, RouteTests.NO_METRICS,
        RouteTests.NO_INLINE_ROUTES, "rate.reconciler.enabled=true"},
        replaceRouteFromWith = "reconcile-pending-requests=direct:reconcile",
        advices = @AdviceRouteMapping(route = "reconcile-lane", advice = GatewayReconcilerRoutesTest.PublishAsMock.class))
class GatewayReconcilerRoutesTest {

    private final Checks reconciler = new Checks();
    private final List<List<String>> republishedEvents = new CopyOnWriteArrayList<>();

    @EndpointInject("mock:publish-requests")
    MockEndpoint publish;

    @Produce
    ProducerTemplate template;

    /** publish-requests is stage 2's (gateway-intake): here, what reaches it is what is tested. */
    public static class PublishAsMock extends AdviceWithRouteBuilder {
        @Override
        public void configure() {
            weaveByToUri("direct:publish-requests").replace().to("mock:publish-requests");
        }
    }

    @Configure
    protected void configure(MainConfigurationProperties configuration) {
        RouteTests.load(configuration, this::bindBeans, RouteTests.ERROR_POLICIES, "gateway-reconciler.camel.yaml");
    }

    private void bindBeans(CamelContext context) {
        context.getRegistry().bind("reconciler", reconciler);
        context.getRegistry().bind("operationalEvents", new Events());
    }

    @Test
    void eachLaneHighFirstRunsTheThreeChecksInOrderAndWhatTheyFindIsPublishedAgain() {
        reconciler.lost.put("validation_requests_high", List.of("req-h1", "req-h2"));

        Exchange done = template.send("direct:reconcile", exchange -> { });

        assertThat(done.isFailed()).isFalse();
        assertThat(reconciler.calls).containsExactly(
                "firstEntryId validation_requests_high", "staleOrBelowHead head-of-validation_requests_high true",
                "inStream head-of-validation_requests_high true", "entriesLost validation_requests_high",
                "responsesLost validation_requests_high", "toRepublish",
                "firstEntryId validation_requests", "staleOrBelowHead head-of-validation_requests false",
                "inStream head-of-validation_requests false", "entriesLost validation_requests",
                "responsesLost validation_requests", "toRepublish");
        assertThat(publish.getExchanges()).singleElement().satisfies(exchange ->
                assertThat(exchange.getIn().getBody(List.class)).extracting(request -> ((RequestMessage) request).requestId())
                        .containsExactly("req-h1", "req-h2"));
        assertThat(republishedEvents).containsExactly(List.of("req-h1", "req-h2"));
    }

    @Test
    void postgresqlDownEndsTheRunFailedWithoutRetryAndPublishesNothing() {
        reconciler.failWith = new SQLException("connection refused");

        Exchange done = template.send("direct:reconcile", exchange -> { });

        assertThat(done.isFailed()).as("background-errors: logged and counted as failed").isTrue();
        assertThat(reconciler.calls).containsExactly("firstEntryId validation_requests_high",
                "staleOrBelowHead head-of-validation_requests_high true");
        assertThat(publish.getReceivedCounter()).isZero();
    }

    /** reconciler: notes each check with its arguments; the requests in lost (by lane) are found by check 1. */
    public static class Checks {
        final List<String> calls = new CopyOnWriteArrayList<>();
        final Map<String, List<String>> lost = new java.util.concurrent.ConcurrentHashMap<>();
        volatile Exception failWith;

        public String firstEntryId(String lane) {
            calls.add("firstEntryId " + lane);
            return "head-of-" + lane;
        }

        public List<RequestMessage> staleOrBelowHead(String head, boolean highPriority) throws Exception {
            calls.add("staleOrBelowHead " + head + " " + highPriority);
            if (failWith != null) {
                throw failWith;
            }
            return lost.getOrDefault(head.substring("head-of-".length()), List.of()).stream()
                    .map(id -> new RequestMessage(id, "extension", "token:acme", "validate", new RequestData(List.of()),
                            "normal", null, "2026-12-01T10:00:00Z", null)).toList();
        }

        public Map<String, String> inStream(String head, boolean highPriority) {
            calls.add("inStream " + head + " " + highPriority);
            return Map.of();
        }

        public List<String> entriesLost(String lane, Map<String, String> inStream) {
            calls.add("entriesLost " + lane);
            return List.of();
        }

        public List<String> responsesLost(String lane, Map<String, String> inStream, List<String> entriesLost) {
            calls.add("responsesLost " + lane);
            return List.of();
        }

        public List<RequestMessage> toRepublish(List<RequestMessage> staleOrBelowHead, List<String> entriesLost,
                                                List<String> responsesLost) {
            calls.add("toRepublish");
            return new ArrayList<>(staleOrBelowHead);
        }
    }

    /** operationalEvents: which requests were told republished. */
    public class Events {
        public void requestsRepublished(List<RequestMessage> requests) {
            republishedEvents.add(requests.stream().map(RequestMessage::requestId).toList());
        }
    }
}
