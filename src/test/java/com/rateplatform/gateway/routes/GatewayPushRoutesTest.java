package com.rateplatform.gateway.routes;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.camel.Body;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Header;
import org.apache.camel.Produce;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.main.MainConfigurationProperties;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.apache.camel.test.main.junit5.Configure;
import org.junit.jupiter.api.Test;

import com.rateplatform.gateway.stream.RedisStreamConstants;

/**
 * gateway-push.camel.yaml (stage 6) with background-errors: every entry of extension_responses goes to the push hub
 * with its entry id (the event id clients resume from); a response that cannot be pushed fails its exchange without
 * retry and the tail goes on with the next entry. The tail consumer is a direct: endpoint here; the hub stands in
 * (PushHub and its WebSocket and SSE clients are tested end to end).
 */
@CamelMainTest(properties = {RouteTests.NO_SERVER, RouteTests.NO_MANAGEMENT, RouteTests.NO_METRICS,
        RouteTests.NO_INLINE_ROUTES},
        replaceRouteFromWith = "push-extension-responses=direct:extension-responses-tail")
class GatewayPushRoutesTest {

    private final List<Map.Entry<String, String>> pushed = new CopyOnWriteArrayList<>();

    @Produce
    ProducerTemplate tail;

    @Configure
    protected void configure(MainConfigurationProperties configuration) {
        RouteTests.load(configuration, this::bindBeans, RouteTests.ERROR_POLICIES, "gateway-push.camel.yaml");
    }

    private void bindBeans(CamelContext context) {
        context.getRegistry().bind("pushHub", new Hub());
    }

    @Test
    void everyEntryGoesToTheHubWithItsEntryId() {
        assertThat(entry("{\"request_id\":\"req-1\"}", "5-0").isFailed()).isFalse();
        assertThat(entry("{\"request_id\":\"req-2\"}", "6-0").isFailed()).isFalse();

        assertThat(pushed).containsExactly(Map.entry("5-0", "{\"request_id\":\"req-1\"}"), Map.entry("6-0", "{\"request_id\":\"req-2\"}"));
    }

    @Test
    void aResponseThatCannotBePushedFailsOnceAndTheNextOneGoesOn() {
        Exchange failed = entry("boom", "7-0");
        Exchange next = entry("{\"request_id\":\"req-3\"}", "8-0");

        assertThat(failed.isFailed()).as("background-errors: logged and counted").isTrue();
        assertThat(next.isFailed()).isFalse();
        assertThat(pushed).containsExactly(Map.entry("8-0", "{\"request_id\":\"req-3\"}"));
    }

    private Exchange entry(String json, String entryId) {
        return tail.send("direct:extension-responses-tail", exchange -> {
            exchange.getIn().setBody(json);
            exchange.getIn().setHeader(RedisStreamConstants.ENTRY_ID, entryId);
        });
    }

    /** pushHub: notes what it pushed; "boom" cannot be pushed. */
    public class Hub {
        public void deliver(@Body String json, @Header(RedisStreamConstants.ENTRY_ID) String entryId) {
            if (json.equals("boom")) {
                throw new IllegalStateException("connection gone");
            }
            pushed.add(Map.entry(entryId, json));
        }
    }
}
