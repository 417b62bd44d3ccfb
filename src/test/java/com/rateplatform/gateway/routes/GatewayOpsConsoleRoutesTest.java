package com.rateplatform.gateway.routes;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Header;
import org.apache.camel.Produce;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.main.MainConfigurationProperties;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.apache.camel.test.main.junit5.Configure;
import org.junit.jupiter.api.Test;

import com.rateplatform.gateway.api.ApiErrors;
import com.rateplatform.gateway.contract.ApiException;
import com.rateplatform.gateway.message.Json;

/**
 * gateway-ops-console.camel.yaml with json-reply and http-api-errors: the session, the request search and a request's
 * detail each ask for monitoring:read and answer JSON; 401 without credentials, 404 for an unknown request, 503 with
 * PostgreSQL down. The queries (PostgreSQL) stand in here.
 */
@CamelMainTest(properties = {RouteTests.NO_SERVER, RouteTests.NO_MANAGEMENT, RouteTests.NO_METRICS,
        RouteTests.NO_INLINE_ROUTES, RouteTests.ONLY_DIRECT_ROUTES})
class GatewayOpsConsoleRoutesTest {

    private final TestGuard guard = new TestGuard();
    private final List<String> ran = new CopyOnWriteArrayList<>();

    @Produce
    ProducerTemplate http;

    @Configure
    protected void configure(MainConfigurationProperties configuration) {
        RouteTests.load(configuration, this::bindBeans, RouteTests.ERROR_POLICIES, RouteTests.REST_API,
                "gateway-ops-console.camel.yaml");
    }

    private void bindBeans(CamelContext context) {
        context.getRegistry().bind("guard", guard);
        context.getRegistry().bind("operatorSession", new Session());
        context.getRegistry().bind("requestSearch", new Search());
        context.getRegistry().bind("requestDetail", new Detail());
        context.getRegistry().bind("apiErrors", new ApiErrors(5));
    }

    @Test
    void eachViewAsksForTheMonitoringReadScopeAndAnswersJson() throws Exception {
        for (String route : List.of("direct:ops-session", "direct:ops-requests-search", "direct:ops-request-detail")) {
            Exchange reply = get(route, "req-1");

            assertThat(reply.getMessage().getHeader(Exchange.CONTENT_TYPE)).as(route).isEqualTo("application/json");
            assertThat(Json.MAPPER.readTree(reply.getMessage().getBody(String.class)).get("view").asText()).isNotBlank();
        }

        assertThat(ran).containsExactly("session", "search", "detail req-1");
        assertThat(guard.scopesRequired).containsOnly("monitoring:read").hasSize(3);
    }

    @Test
    void refusalsAndFailuresAreTheJsonError() throws Exception {
        GatewayIntakeRoutesTest.assertError(http.send("direct:ops-requests-search", exchange -> { }), 401, "UNAUTHORIZED");
        GatewayIntakeRoutesTest.assertError(get("direct:ops-request-detail", "unknown"), 404, "NOT_FOUND");
        GatewayIntakeRoutesTest.assertError(get("direct:ops-request-detail", "db-down"), 503, "SERVICE_UNAVAILABLE");
        assertThat(ran).isEmpty();
    }

    private Exchange get(String route, String requestId) {
        return http.send(route, exchange -> {
            exchange.getIn().setHeader(TestGuard.AUTHORIZATION, "Bearer ops:alice");
            exchange.getIn().setHeader("requestId", requestId);
        });
    }

    public class Session {
        public String describe() {
            ran.add("session");
            return Json.write(Map.of("view", "session"));
        }
    }

    public class Search {
        public String search() {
            ran.add("search");
            return Json.write(Map.of("view", "search"));
        }
    }

    /** requestDetail: "unknown" is not found, "db-down" PostgreSQL down. */
    public class Detail {
        public String describe(@Header("requestId") String requestId) throws SQLException {
            if (requestId.equals("db-down")) {
                throw new SQLException("connection refused");
            }
            if (requestId.equals("unknown")) {
                throw new ApiException(404, "NOT_FOUND", "no request " + requestId, "requestId");
            }
            ran.add("detail " + requestId);
            return Json.write(Map.of("view", "detail"));
        }
    }
}
