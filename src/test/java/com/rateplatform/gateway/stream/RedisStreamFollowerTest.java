package com.rateplatform.gateway.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.lettuce.core.api.sync.RedisCommands;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.Test;

import com.rateplatform.gateway.support.TestServers;

/** A redis-stream consumer without a group follows the stream: every follower sees every new entry, nothing is held. */
class RedisStreamFollowerTest extends CamelTestSupport {

    private final String prefix = TestServers.uniquePrefix("follower");
    private final RedisCommands<String, String> redis = TestServers.get().redis();
    private final String clientName = "follower-" + prefix.hashCode();
    private int followers;

    @Override
    protected CamelContext createCamelContext() throws Exception {
        CamelContext context = super.createCamelContext();
        context.addComponent("redis-stream", component());
        return context;
    }

    private RedisStreamComponent component() {
        RedisStreamComponent component = new RedisStreamComponent();
        component.setUrl(TestServers.get().redisUrl());
        component.setKeyPrefix(prefix);
        component.setClientName(clientName);
        return component;
    }

    @Test
    void everyFollowerSeesEveryEntryPublishedAfterItStartedWithItsEntryId() throws Exception {
        redis.xadd(prefix + "news", Map.of("data", "before"));
        List<String> first = follow(context, "news");
        try (CamelContext otherProcess = new DefaultCamelContext()) {
            otherProcess.addComponent("redis-stream", component());
            otherProcess.start();
            List<String> second = follow(otherProcess, "news");

            String one = redis.xadd(prefix + "news", Map.of("data", "one"));
            String two = redis.xadd(prefix + "news", Map.of("data", "two"));

            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(first).containsExactly(one + " one", two + " two");
                assertThat(second).containsExactly(one + " one", two + " two");
            });
        }
    }

    @Test
    void aFollowerHoldsNoGroupSoNothingKeepsTheStreamFromBeingTrimmed() throws Exception {
        List<String> seen = follow(context, "untrimmed");
        redis.xadd(prefix + "untrimmed", Map.of("data", "x"));
        await().atMost(Duration.ofSeconds(10)).until(() -> seen.size() == 1);

        assertThat(redis.xinfoGroups(prefix + "untrimmed")).isEmpty();
    }

    @Test
    void aFollowerWhoseConnectionDiesResumesAfterTheLastEntryItRead() throws Exception {
        List<String> seen = follow(context, "resumed");
        redis.xadd(prefix + "resumed", Map.of("data", "a"));
        await().atMost(Duration.ofSeconds(10)).until(() -> seen.size() == 1);

        killFollowerConnections();
        redis.xadd(prefix + "resumed", Map.of("data", "b"));
        redis.xadd(prefix + "resumed", Map.of("data", "c"));

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                assertThat(seen).extracting(s -> s.substring(s.indexOf(' ') + 1)).containsExactly("a", "b", "c"));
    }

    private List<String> follow(CamelContext camel, String stream) throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("redis-stream:" + stream + "?block=200&errorBackoff=100")
                        .process(e -> seen.add(e.getIn().getHeader(RedisStreamConstants.ENTRY_ID) + " " + e.getIn().getBody()));
            }
        });
        // A follower starts after the newest entry it finds: wait until it blocks in XREAD before publishing.
        followers++;
        await().atMost(Duration.ofSeconds(10)).until(() -> followerConnections().filter(c -> c.contains(" cmd=xread")).count() >= followers);
        return seen;
    }

    private java.util.stream.Stream<String> followerConnections() {
        return TestServers.get().redisClientsNamed(clientName).stream();
    }

    private void killFollowerConnections() {
        TestServers.get().killRedisClientsNamed(clientName);
    }
}
