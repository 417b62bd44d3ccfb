package com.rateplatform.gateway.routes;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.camel.CamelContext;
import org.apache.camel.EndpointInject;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;
import org.apache.camel.Produce;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.AdviceWithRouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.main.MainConfigurationProperties;
import org.apache.camel.test.main.junit5.AdviceRouteMapping;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.apache.camel.test.main.junit5.Configure;
import org.junit.jupiter.api.Test;

import com.rateplatform.gateway.api.ApiErrors;
import com.rateplatform.gateway.contract.ApiException;
import com.rateplatform.gateway.contract.ExchangeProperties;
import com.rateplatform.gateway.message.Json;

/**
 * gateway-status.camel.yaml (stage 8) with json-reply and http-api-errors: each API asks for its own read scope and
 * looks up requests of its own source, for the caller; the importer's status of a bulk import's batch id goes to the
 * batch status (gateway-importer-bulk, a mock endpoint here); an unknown id is 404, PostgreSQL down 503. The status
 * queries (PostgreSQL) stand in here; the end-to-end tests read real rows.
 */
@CamelMainTest(properties = {RouteTests.NO_SERVER, RouteTests.NO_MANAGEMENT, RouteTests.NO_METRICS,
        RouteTests.NO_INLINE_ROUTES, RouteTests.ONLY_DIRECT_ROUTES},
        advices = @AdviceRouteMapping(route = "importer-status", advice = GatewayStatusRoutesTest.BatchStatusAsMock.class))
class GatewayStatusRoutesTest {

    private final TestGuard guard = new TestGuard();
    private final Statuses statusQuery = new Statuses();

    @EndpointInject("mock:batch-status")
    MockEndpoint batchStatus;

    @Produce
    ProducerTemplate http;

    /** The batch status is gateway-importer-bulk's route: here, where it goes is what is tested. */
    public static class BatchStatusAsMock extends AdviceWithRouteBuilder {
        @Override
        public void configure() {
            weaveByToUri("direct:batch-status").replace().to("mock:batch-status");
        }
    }

    @Configure
    protected void configure(MainConfigurationProperties configuration) {
        RouteTests.load(configuration, this::bindBeans, RouteTests.ERROR_POLICIES, RouteTests.REST_API, "gateway-status.camel.yaml");
    }

    private void bindBeans(CamelContext context) {
        context.getRegistry().bind("guard", guard);
        context.getRegistry().bind("statusQuery", statusQuery);
        context.getRegistry().bind("batchStatusQuery", new Batches());
        context.getRegistry().bind("apiErrors", new ApiErrors(5));
    }

    @Test
    void theExtensionsStatusIsLookedUpAmongExtensionRequestsOfTheCaller() throws Exception {
        Exchange reply = get("direct:validation-status", "req-1");

        assertThat(reply.getMessage().getHeader(Exchange.CONTENT_TYPE)).isEqualTo("application/json");
        assertThat(Json.MAPPER.readTree(reply.getMessage().getBody(String.class)).get("status").asText()).isEqualTo("processing");
        assertThat(statusQuery.asked).containsExactly("req-1 extension token:acme");
        assertThat(guard.scopesRequired).containsExactly("validation:read");
    }

    @Test
    void theImportersStatusOfARequestIsLookedUpAmongImporterRequests() {
        get("direct:importer-status", "req-2");

        assertThat(statusQuery.asked).containsExactly("req-2 importer token:acme");
        assertThat(guard.scopesRequired).containsExactly("importer:read");
        assertThat(batchStatus.getReceivedCounter()).isZero();
    }

    @Test
    void theImportersStatusOfABatchIdIsTheBatchStatus() {
        get("direct:importer-status", "batch-7");

        assertThat(batchStatus.getReceivedCounter()).isEqualTo(1);
        assertThat(statusQuery.asked).isEmpty();
    }

    @Test
    void anUnknownIdIs404AndPostgresqlDownIs503() throws Exception {
        GatewayIntakeRoutesTest.assertError(get("direct:validation-status", "unknown"), 404, "NOT_FOUND");

        Exchange reply = get("direct:validation-status", "db-down");

        GatewayIntakeRoutesTest.assertError(reply, 503, "SERVICE_UNAVAILABLE");
        assertThat(reply.getMessage().getHeader("Retry-After")).isEqualTo(5);
    }

    @Test
    void withoutCredentialsNothingIsLookedUp() throws Exception {
        Exchange reply = http.send("direct:importer-status", exchange -> exchange.getIn().setHeader("requestId", "batch-7"));

        GatewayIntakeRoutesTest.assertError(reply, 401, "UNAUTHORIZED");
        assertThat(batchStatus.getReceivedCounter()).isZero();
        assertThat(statusQuery.asked).isEmpty();
    }

    private Exchange get(String route, String id) {
        return http.send(route, exchange -> {
            exchange.getIn().setHeader(TestGuard.AUTHORIZATION, "Bearer token:acme");
            exchange.getIn().setHeader("requestId", id);
        });
    }

    /** statusQuery: notes what it was asked ("id source caller"); "unknown" is not found, "db-down" PostgreSQL down. */
    public static class Statuses {
        final List<String> asked = new CopyOnWriteArrayList<>();

        public String status(@Header("requestId") String requestId, @ExchangeProperty(ExchangeProperties.SOURCE) String source,
                             @ExchangeProperty(ExchangeProperties.CALLER) String caller) throws SQLException {
            if (requestId.equals("db-down")) {
                throw new SQLException("connection refused");
            }
            if (requestId.equals("unknown")) {
                throw new ApiException(404, "NOT_FOUND", "no request " + requestId, "requestId");
            }
            asked.add(requestId + " " + source + " " + caller);
            return Json.write(Map.of("request_id", requestId, "status", "processing"));
        }
    }

    /** batchStatusQuery: batch ids start with "batch-". */
    public static class Batches {
        public boolean isBatch(@Header("requestId") String id) {
            return id.startsWith("batch-");
        }
    }
}
