package com.rateplatform.gateway.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.api.sync.RedisCommands;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.Test;

import com.rateplatform.gateway.support.TestServers;

/** When a group consumer acknowledges (XACK) an entry: once its exchange completed, wherever that happened, and on stop. */
class RedisStreamAcknowledgementTest extends CamelTestSupport {

    /** Short, so that a stop bounded by block + command timeout (as it once was) would give up well within the test. */
    private static final long COMMAND_TIMEOUT_MS = 1_000;

    private final String prefix = TestServers.uniquePrefix("acks");
    private final RedisCommands<String, String> redis = TestServers.get().redis();

    @Override
    protected CamelContext createCamelContext() throws Exception {
        CamelContext context = super.createCamelContext();
        RedisStreamComponent component = TestServers.get().streamComponent(prefix, "test");
        component.setCommandTimeout(Duration.ofMillis(COMMAND_TIMEOUT_MS));
        context.addComponent("redis-stream", component);
        return context;
    }

    @Test
    void anEntryHandedOffToAnotherThreadIsAcknowledgedWhenThatThreadCompletesIt() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        MockEndpoint mock = getMockEndpoint("mock:handed-off");
        mock.expectedBodiesReceived("slow");
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                // The reader's exchange returns at once; its completion moves to the SEDA copy (hand-over).
                from("redis-stream:handoff?group=workers&claimIdle=600000").to("seda:later?waitForTaskToComplete=Never");
                from("seda:later").process(e -> {
                    entered.countDown();
                    release.await(10, TimeUnit.SECONDS);
                }).to("mock:handed-off");
            }
        });

        redis.xadd(prefix + "handoff", Map.of("data", "slow"));
        assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(redis.xpending(prefix + "handoff", "workers").getCount()).isEqualTo(1);

        release.countDown();

        mock.assertIsSatisfied(10_000);
        await().atMost(Duration.ofSeconds(10)).until(() -> redis.xpending(prefix + "handoff", "workers").getCount() == 0);
    }

    @Test
    void aStopWaitsForTheExchangesInFlightAndAcknowledgesThem() throws Exception {
        AsyncGate gate = new AsyncGate();
        context.getRegistry().bind("gate", gate);
        MockEndpoint mock = getMockEndpoint("mock:drained");
        mock.expectedMessageCount(3);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("redis-stream:draining?group=workers&block=200").routeId("draining")
                        .to("bean:gate?method=enter").to("mock:drained");
            }
        });
        for (int i = 0; i < 3; i++) {
            redis.xadd(prefix + "draining", Map.of("data", "e" + i));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> gate.entered().size() == 3);

        CompletableFuture<Void> stopped = CompletableFuture.runAsync(() -> {
            try {
                context.getRouteController().stopRoute("draining");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        // Past block + command timeout, the stop is still waiting for the three exchanges rather than abandoning them.
        await().pollDelay(Duration.ofMillis(2 * COMMAND_TIMEOUT_MS)).atMost(Duration.ofSeconds(5)).until(() -> !stopped.isDone());
        gate.release();

        await().atMost(Duration.ofSeconds(10)).until(stopped::isDone);
        assertThat(stopped).isNotCompletedExceptionally();
        mock.assertIsSatisfied(10_000);
        assertThat(redis.xpending(prefix + "draining", "workers").getCount()).isZero();
    }
}
