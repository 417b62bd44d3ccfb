package com.rateplatform.gateway.routes;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.lettuce.core.RedisConnectionException;
import org.apache.camel.Body;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Produce;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.main.MainConfigurationProperties;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.apache.camel.test.main.junit5.Configure;
import org.junit.jupiter.api.Test;

import com.rateplatform.gateway.api.ApiErrors;
import com.rateplatform.gateway.message.Json;

/**
 * gateway-monitoring.camel.yaml: GET /api/monitoring/streams through json-reply, Redis down 503 (http-api-errors);
 * the stream gauges' and live feed's ticks and the monitoring_events tail call their beans, and a failure ends that
 * exchange failed without retry (background-errors). Timers and the tail are direct: endpoints here; the beans stand in
 * (MonitoringApiTest, StreamMetricsTest and MonitoringEventsTest run them against Redis).
 */
@CamelMainTest(properties = {RouteTests.NO_SERVER, RouteTests.NO_MANAGEMENT, RouteTests.NO_METRICS,
        RouteTests.NO_INLINE_ROUTES, RouteTests.ONLY_DIRECT_ROUTES},
        replaceRouteFromWith = {"collect-stream-metrics=direct:collect-stream-metrics",
                "monitoring-live-tick=direct:monitoring-live-tick", "monitoring-events-live=direct:monitoring-events-tail"})
class GatewayMonitoringRoutesTest {

    private final TestGuard guard = new TestGuard();
    private final List<String> ran = new CopyOnWriteArrayList<>();
    private volatile boolean redisDown;

    @Produce
    ProducerTemplate template;

    @Configure
    protected void configure(MainConfigurationProperties configuration) {
        RouteTests.load(configuration, this::bindBeans, RouteTests.ERROR_POLICIES, RouteTests.REST_API,
                "gateway-monitoring.camel.yaml");
    }

    private void bindBeans(CamelContext context) {
        context.getRegistry().bind("guard", guard);
        context.getRegistry().bind("streamInspector", new Inspector());
        context.getRegistry().bind("streamMetrics", new Collector());
        context.getRegistry().bind("liveFeed", new Feed());
        context.getRegistry().bind("apiErrors", new ApiErrors(5));
    }

    @Test
    void theStreamsAreAnsweredAsJsonForTheMonitoringReadScope() throws Exception {
        Exchange reply = template.send("direct:monitoring-streams",
                exchange -> exchange.getIn().setHeader(TestGuard.AUTHORIZATION, "Bearer ops:alice"));

        assertThat(reply.getMessage().getHeader(Exchange.CONTENT_TYPE)).isEqualTo("application/json");
        assertThat(Json.MAPPER.readTree(reply.getMessage().getBody(String.class)).has("streams")).isTrue();
        assertThat(guard.scopesRequired).containsExactly("monitoring:read");
    }

    @Test
    void redisDownIs503ForTheStreamsAndAFailedTickForTheGauges() throws Exception {
        redisDown = true;

        Exchange reply = template.send("direct:monitoring-streams",
                exchange -> exchange.getIn().setHeader(TestGuard.AUTHORIZATION, "Bearer ops:alice"));
        Exchange tick = template.send("direct:collect-stream-metrics", exchange -> { });

        GatewayIntakeRoutesTest.assertError(reply, 503, "SERVICE_UNAVAILABLE");
        assertThat(tick.isFailed()).as("background-errors: logged and counted").isTrue();
        assertThat(ran).containsExactly("json", "collect");
    }

    @Test
    void theTicksAndTheEventsTailCallTheirBeans() {
        assertThat(template.send("direct:collect-stream-metrics", exchange -> { }).isFailed()).isFalse();
        assertThat(template.send("direct:monitoring-live-tick", exchange -> { }).isFailed()).isFalse();
        assertThat(template.send("direct:monitoring-events-tail", exchange -> exchange.getIn().setBody("{\"type\":\"x\"}"))
                .isFailed()).isFalse();

        assertThat(ran).containsExactly("collect", "tick", "event {\"type\":\"x\"}");
    }

    public class Inspector {
        public String json() {
            ran.add("json");
            if (redisDown) {
                throw new RedisConnectionException("Redis down");
            }
            return Json.write(Map.of("streams", List.of()));
        }
    }

    public class Collector {
        public void collect() {
            ran.add("collect");
            if (redisDown) {
                throw new RedisConnectionException("Redis down");
            }
        }
    }

    public class Feed {
        public void tick() {
            ran.add("tick");
        }

        public void event(@Body String json) {
            ran.add("event " + json);
        }
    }
}
