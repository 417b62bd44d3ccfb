package com.rateplatform.gateway.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import io.lettuce.core.Consumer;
import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.sync.RedisCommands;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import com.rateplatform.gateway.support.TestServers;

/** The redis-stream component against a real Redis. Each test uses its own key prefix. */
@Tag("slow")
class RedisStreamComponentTest extends CamelTestSupport {

    private final String prefix = TestServers.uniquePrefix("component");
    private final String clientName = "component-test-" + prefix.hashCode();
    private final RedisCommands<String, String> redis = TestServers.get().redis();

    @Override
    protected CamelContext createCamelContext() throws Exception {
        CamelContext context = super.createCamelContext();
        RedisStreamComponent component = TestServers.get().streamComponent(prefix, "test");
        component.setClientName(clientName);
        context.addComponent("redis-stream", component);
        return context;
    }

    @Test
    void producerAddsTheBodyUnderDataAndReturnsTheEntryId() {
        String id = template.request("redis-stream:orders", e -> e.getIn().setBody("{\"n\":1}"))
                .getMessage().getHeader(RedisStreamConstants.ENTRY_ID, String.class);

        List<StreamMessage<String, String>> entries = redis.xrange(prefix + "orders", Range.create("-", "+"));
        assertThat(entries).singleElement().satisfies(e -> {
            assertThat(e.getId()).isEqualTo(id);
            assertThat(e.getBody()).isEqualTo(Map.of("data", "{\"n\":1}"));
        });
    }

    @Test
    void producerPublishesEachElementOfACollectionAsOneEntry() {
        List<String> bodies = IntStream.range(0, 200).mapToObj(i -> "m" + i).toList();

        List<?> ids = template.request("redis-stream:bulk", e -> e.getIn().setBody(bodies))
                .getMessage().getHeader(RedisStreamConstants.ENTRY_IDS, List.class);

        assertThat(ids).hasSize(200).doesNotHaveDuplicates();
        assertThat(redis.xrange(prefix + "bulk", Range.create("-", "+")))
                .extracting(e -> e.getBody().get("data")).containsExactlyElementsOf(bodies);
    }

    @Test
    void producerTrimsTheStreamToAboutMaxLen() {
        for (int i = 0; i < 20; i++) {
            template.sendBody("redis-stream:trimmed?maxLen=100", IntStream.range(0, 100).mapToObj(n -> "x").toList());
        }

        // MAXLEN ~ trims whole radix-tree nodes (100 entries each by default), so the bound is approximate.
        assertThat(redis.xlen(prefix + "trimmed")).isBetween(100L, 300L);
    }

    @Test
    void consumerCreatesTheGroupWithMkstreamWhenAbsent() throws Exception {
        addConsumer("fresh", "workers", Map.of(), "mock:fresh");

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(redis.xinfoGroups(prefix + "fresh")).hasSize(1));
    }

    @Test
    void consumerUsesAnExistingGroupAsItIs() throws Exception {
        redis.xadd(prefix + "existing", Map.of("data", "before"));
        redis.xgroupCreate(XReadArgs.StreamOffset.latest(prefix + "existing"), "workers");
        MockEndpoint mock = getMockEndpoint("mock:existing");
        mock.expectedBodiesReceived("after");

        addConsumer("existing", "workers", Map.of(), "mock:existing");
        redis.xadd(prefix + "existing", Map.of("data", "after"));

        mock.assertIsSatisfied(10_000);
    }

    @Test
    void consumerDeliversEntriesPublishedBeforeTheGroupExisted() throws Exception {
        redis.xadd(prefix + "early", Map.of("data", "published-before-any-worker"));
        MockEndpoint mock = getMockEndpoint("mock:early");
        mock.expectedBodiesReceived("published-before-any-worker");

        addConsumer("early", "workers", Map.of(), "mock:early");

        mock.assertIsSatisfied(10_000);
    }

    @Test
    void consumerSetsStreamEntryIdDeliveryCountAndGroupHeaders() throws Exception {
        MockEndpoint mock = getMockEndpoint("mock:headers");
        mock.expectedMessageCount(1);
        addConsumer("headers", "workers", Map.of(), "mock:headers");

        String id = redis.xadd(prefix + "headers", Map.of("data", "hello"));

        mock.assertIsSatisfied(10_000);
        Map<String, Object> headers = mock.getExchanges().get(0).getIn().getHeaders();
        assertThat(headers).containsEntry(RedisStreamConstants.STREAM, "headers")
                .containsEntry(RedisStreamConstants.ENTRY_ID, id)
                .containsEntry(RedisStreamConstants.DELIVERY_COUNT, 1L)
                .containsEntry(RedisStreamConstants.GROUP, "workers");
    }

    @Test
    void consumerAcknowledgesOnlyEntriesProcessedWithoutError() throws Exception {
        MockEndpoint mock = getMockEndpoint("mock:acks");
        mock.expectedMessageCount(2);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                errorHandler(noErrorHandler());
                from("redis-stream:acks?group=workers&claimIdle=600000")
                        .filter(body().isEqualTo("poison")).throwException(new IllegalStateException("cannot process")).end()
                        .to("mock:acks");
            }
        });

        redis.xadd(prefix + "acks", Map.of("data", "good-1"));
        String poison = redis.xadd(prefix + "acks", Map.of("data", "poison"));
        redis.xadd(prefix + "acks", Map.of("data", "good-2"));

        mock.assertIsSatisfied(10_000);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(redis.xpending(prefix + "acks", "workers", Range.create("-", "+"), io.lettuce.core.Limit.from(10)))
                        .extracting(p -> p.getId()).containsExactly(poison));
    }

    @Test
    void anEntryWhoseExchangeGoesOnAsynchronouslyIsAcknowledgedOnlyWhenItCompletes() throws Exception {
        CompletableFuture<String> later = new CompletableFuture<>();
        context.getRegistry().bind("later", new Object() {
            @SuppressWarnings("unused")
            public CompletableFuture<String> await(String body) {
                return later;
            }
        });
        MockEndpoint mock = getMockEndpoint("mock:async");
        mock.expectedBodiesReceived("done");
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("redis-stream:async?group=workers&claimIdle=600000").to("bean:later?method=await").to("mock:async");
            }
        });
        redis.xadd(prefix + "async", Map.of("data", "waiting"));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(redis.xpending(prefix + "async", "workers").getCount()).isEqualTo(1));

        later.complete("done");

        mock.assertIsSatisfied(10_000);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(redis.xpending(prefix + "async", "workers").getCount()).isZero());
    }

    @Test
    void theEntriesOfOneReadAreInFlightTogether() throws Exception {
        AsyncGate gate = new AsyncGate();
        context.getRegistry().bind("gate", gate);
        MockEndpoint mock = getMockEndpoint("mock:together");
        mock.expectedMessageCount(5);
        for (int i = 0; i < 5; i++) {
            redis.xadd(prefix + "together", Map.of("data", "e" + i));
        }

        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("redis-stream:together?group=workers&batchSize=10").to("bean:gate?method=enter").to("mock:together");
            }
        });

        // One reader, one read of five entries: all five reach the asynchronous step before any completes.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(gate.entered()).hasSize(5));
        gate.release();
        mock.assertIsSatisfied(10_000);
    }

    @Test
    void theAsynchronousProducerSetsTheEntryIdOnceRedisAnswered() throws Exception {
        MockEndpoint mock = getMockEndpoint("mock:after-xadd");
        mock.expectedMessageCount(1);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:publish-async").to("redis-stream:async-out").to("mock:after-xadd");
            }
        });

        template.sendBody("direct:publish-async", "payload");

        mock.assertIsSatisfied(10_000);
        String id = mock.getReceivedExchanges().get(0).getIn().getHeader(RedisStreamConstants.ENTRY_ID, String.class);
        assertThat(redis.xrange(prefix + "async-out", Range.create("-", "+"))).extracting(StreamMessage::getId).containsExactly(id);
    }

    @Test
    void failedEntryIsDeliveredAgainWithAHigherDeliveryCountUntilItSucceeds() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        MockEndpoint mock = getMockEndpoint("mock:retry");
        mock.expectedMessageCount(1);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                errorHandler(noErrorHandler());
                from("redis-stream:retry?group=workers&claimIdle=300&claimInterval=100&block=200")
                        .process(e -> {
                            if (attempts.incrementAndGet() < 3) {
                                throw new IllegalStateException("transient failure " + attempts.get());
                            }
                        })
                        .to("mock:retry");
            }
        });

        redis.xadd(prefix + "retry", Map.of("data", "flaky"));

        mock.assertIsSatisfied(15_000);
        assertThat(mock.getExchanges().get(0).getIn().getHeader(RedisStreamConstants.DELIVERY_COUNT)).isEqualTo(3L);
        await().atMost(Duration.ofSeconds(10)).until(() -> redis.xpending(prefix + "retry", "workers").getCount() == 0);
    }

    @Test
    void entriesADeadConsumerHeldUnacknowledgedAreCompletedByAnother() throws Exception {
        String key = prefix + "takeover";
        redis.xgroupCreate(XReadArgs.StreamOffset.from(key, "0"), "workers", XGroupCreateArgs.Builder.mkstream());
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            bodies.add("job-" + i);
            redis.xadd(key, Map.of("data", "job-" + i));
        }
        // A consumer reads all five, then dies before acknowledging any of them.
        List<StreamMessage<String, String>> held = redis.xreadgroup(Consumer.from("workers", "crashed-worker"),
                XReadArgs.StreamOffset.lastConsumed(key));
        assertThat(held).hasSize(5);
        MockEndpoint mock = getMockEndpoint("mock:takeover");
        mock.expectedBodiesReceivedInAnyOrder(bodies.toArray());

        addConsumer("takeover", "workers", Map.of("claimIdle", "500", "claimInterval", "200", "block", "200"), "mock:takeover");

        mock.assertIsSatisfied(15_000);
        mock.getExchanges().forEach(e -> assertThat(e.getIn().getHeader(RedisStreamConstants.DELIVERY_COUNT, Long.class)).isEqualTo(2L));
        await().atMost(Duration.ofSeconds(10)).until(() -> redis.xpending(key, "workers").getCount() == 0);
    }

    @Test
    void consumerRecreatesItsGroupWhenTheStreamIsDeleted() throws Exception {
        MockEndpoint mock = getMockEndpoint("mock:vanish");
        mock.expectedBodiesReceived("before", "after");
        addConsumer("vanish", "workers", Map.of("block", "200"), "mock:vanish");
        redis.xadd(prefix + "vanish", Map.of("data", "before"));
        await().atMost(Duration.ofSeconds(10)).until(() -> mock.getReceivedCounter() == 1);

        redis.del(prefix + "vanish"); // what a Redis restart without persistence does to every stream
        redis.xadd(prefix + "vanish", Map.of("data", "after"));

        mock.assertIsSatisfied(15_000);
    }

    @Test
    void concurrentReadersShareTheEntriesWithoutDuplicates() throws Exception {
        MockEndpoint mock = getMockEndpoint("mock:parallel");
        mock.expectedMessageCount(300);
        mock.expectsNoDuplicates(org.apache.camel.builder.Builder.body());
        // Each reader's entries wait until all three readers hold some: none can drain the stream alone. (Before the
        // mock, which lets one exchange in at a time.)
        Set<Object> readers = ConcurrentHashMap.newKeySet();
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("redis-stream:parallel?group=workers&concurrency=3&batchSize=7")
                        .process(exchange -> {
                            readers.add(exchange.getIn().getHeader(RedisStreamConstants.CONSUMER));
                            if (readers.size() < 3) {
                                await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10))
                                        .until(() -> readers.size() == 3);
                            }
                        })
                        .to("mock:parallel");
            }
        });

        template.sendBody("redis-stream:parallel", IntStream.range(0, 300).mapToObj(i -> "p" + i).toList());

        mock.assertIsSatisfied(20_000);
        assertThat(mock.getExchanges()).extracting(e -> e.getIn().getHeader(RedisStreamConstants.CONSUMER))
                .contains("test-0", "test-1", "test-2");
    }

    @Test
    void aConsumerWaitingInABlockedReadStopsWithoutWaitingOutTheBlock() throws Exception {
        addConsumer("quiet", "workers", Map.of("concurrency", "2", "block", "30000"), "mock:quiet");
        String route = context.getRoutes().get(context.getRoutes().size() - 1).getRouteId();
        // Both readers are parked in XREADGROUP BLOCK 30000 on an empty stream.
        await().atMost(Duration.ofSeconds(10)).until(() ->
                TestServers.get().redisClientsNamed(clientName).stream().filter(c -> c.contains(" cmd=xreadgroup")).count() >= 2);

        CompletableFuture<Void> stopped = CompletableFuture.runAsync(() -> {
            try {
                context.getRouteController().stopRoute(route);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });

        // Well inside the 30 s block: the stop closes the readers' connections instead of waiting for them.
        await().atMost(Duration.ofSeconds(5)).until(stopped::isDone);
        assertThat(stopped).isNotCompletedExceptionally();
    }

    @Test
    void anEntryPublishedAfterARestartOfTheConsumerIsDelivered() throws Exception {
        MockEndpoint mock = getMockEndpoint("mock:restarted");
        mock.expectedBodiesReceived("after");
        addConsumer("restarted", "workers", Map.of("block", "30000"), "mock:restarted");
        String route = context.getRoutes().get(context.getRoutes().size() - 1).getRouteId();
        context.getRouteController().stopRoute(route);

        context.getRouteController().startRoute(route);
        template.sendBody("redis-stream:restarted", "after");

        mock.assertIsSatisfied(10_000);
    }

    @Test
    void streamKeyCarriesTheComponentsPrefix() {
        template.sendBody("redis-stream:prefixed", "x");

        assertThat(redis.exists(prefix + "prefixed")).isEqualTo(1L);
        assertThat(redis.exists("prefixed")).isZero();
    }

    private void addConsumer(String stream, String group, Map<String, String> options, String to) throws Exception {
        StringBuilder uri = new StringBuilder("redis-stream:" + stream + "?group=" + group);
        options.forEach((k, v) -> uri.append('&').append(k).append('=').append(v));
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(uri.toString()).to(to);
            }
        });
    }

}
