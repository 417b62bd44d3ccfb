package com.rateplatform.gateway.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckAware;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.Test;

import com.rateplatform.gateway.support.TestServers;

/** Each redis-stream consumer's own readiness check: Redis answers, its group can be read, its readers are running. */
class RedisStreamHealthCheckTest extends CamelTestSupport {

    private final String prefix = TestServers.uniquePrefix("health");

    @Override
    protected CamelContext createCamelContext() throws Exception {
        CamelContext context = super.createCamelContext();
        context.addComponent("redis-stream", TestServers.get().streamComponent(prefix, "test"));
        return context;
    }

    @Test
    void aGroupConsumerWhoseReadersHaveTheirGroupIsReady() throws Exception {
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("redis-stream:healthy?group=workers&concurrency=2").routeId("healthy").to("mock:healthy");
            }
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> !TestServers.get().redis().xinfoGroups(prefix + "healthy").isEmpty());

        HealthCheck.Result result = healthOf(context, "healthy");

        assertThat(result.getState()).isEqualTo(HealthCheck.State.UP);
        assertThat(result.getCheck().getId()).isEqualTo("consumer:redis-stream:healthy");
        assertThat(result.getCheck().isReadiness()).isTrue();
        assertThat(result.getCheck().isLiveness()).isFalse();
        assertThat(result.getDetails()).containsEntry("stream", "healthy").containsEntry("stream.readers", 2);
    }

    @Test
    void aConsumerWhoseRedisDoesNotAnswerIsNotReadyAndSaysWhichStream() throws Exception {
        try (CamelContext unreachable = new DefaultCamelContext()) {
            RedisStreamComponent component = new RedisStreamComponent();
            component.setUrl("redis://127.0.0.1:1"); // nothing listens there
            component.setCommandTimeout(Duration.ofMillis(500));
            unreachable.addComponent("redis-stream", component);
            unreachable.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("redis-stream:unreached?group=workers&errorBackoff=100").routeId("unreached").to("log:never");
                }
            });
            unreachable.start();

            HealthCheck.Result result = healthOf(unreachable, "unreached");

            assertThat(result.getState()).isEqualTo(HealthCheck.State.DOWN);
            assertThat(result.getMessage()).hasValueSatisfying(message -> assertThat(message).contains("Redis unavailable for unreached"));
        }
    }

    private static HealthCheck.Result healthOf(CamelContext context, String routeId) {
        HealthCheck check = ((HealthCheckAware) context.getRoute(routeId).getConsumer()).getHealthCheck();
        assertThat(check).as("the consumer's health check").isNotNull();
        return check.call();
    }
}
