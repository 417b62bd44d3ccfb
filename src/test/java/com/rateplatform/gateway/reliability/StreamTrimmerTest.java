package com.rateplatform.gateway.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.sync.RedisCommands;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import com.rateplatform.gateway.stream.RedisStreamComponent;
import com.rateplatform.gateway.support.Console;
import com.rateplatform.gateway.support.TestServers;

/** Streams stay within their bounds, and no entry a group still needs is ever trimmed. */
@Tag("slow")
class StreamTrimmerTest extends CamelTestSupport {

    private final String prefix = TestServers.uniquePrefix("trim");
    private final RedisCommands<String, String> redis = TestServers.get().redis();
    private RedisStreamComponent component;

    @Override
    protected CamelContext createCamelContext() throws Exception {
        CamelContext context = super.createCamelContext();
        component = TestServers.get().streamComponent(prefix, "trim-test");
        context.addComponent("redis-stream", component);
        return context;
    }

    @Test
    void aStreamUnderContinuousLoadStaysWithinItsBoundAndNoEntryIsLost() throws Exception {
        long bound = 1_000;
        StreamTrimmer trimmer = new StreamTrimmer(() -> component, List.of("load"), bound, Duration.ofDays(30), Clock.systemUTC());
        Set<String> processed = ConcurrentHashMap.newKeySet();
        AtomicLong published = new AtomicLong();
        AtomicLong longest = new AtomicLong();
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("redis-stream:load?group=workers&batchSize=50&block=100").process(e -> processed.add(e.getIn().getBody(String.class)));
            }
        });

        long until = System.currentTimeMillis() + 5_000;
        while (System.currentTimeMillis() < until) {
            long start = published.get();
            template.sendBody("redis-stream:load", IntStream.range(0, 200).mapToObj(i -> "e" + (start + i)).toList());
            published.addAndGet(200);
            trimmer.trimAll();
            longest.accumulateAndGet(redis.xlen(prefix + "load"), Math::max);
            // Steady load that the consumer keeps up with: at most 400 entries in flight.
            await().atMost(Duration.ofSeconds(10)).until(() -> published.get() - processed.size() <= 400);
        }

        await().atMost(Duration.ofSeconds(20)).until(() -> processed.size() == published.get());
        trimmer.trimAll();
        Console.printf("Trim under load: %d entries published and processed, longest stream seen %d, bound %d, final %d%n",
                published.get(), longest.get(), bound, redis.xlen(prefix + "load"));
        // MAXLEN-style bounds are approximate: XTRIM ~ removes whole 100-entry nodes, and load arrives between trims.
        assertThat(longest.get()).isLessThanOrEqualTo(bound + 400 + 100);
        assertThat(redis.xlen(prefix + "load")).isLessThanOrEqualTo(bound + 100);
        assertThat(processed).hasSize((int) published.get());
    }

    @Test
    void entriesNotYetDeliveredAreNeverTrimmed() throws Exception {
        String key = prefix + "backlog";
        redis.xgroupCreate(XReadArgs.StreamOffset.from(key, "0"), "workers", XGroupCreateArgs.Builder.mkstream());
        template.sendBody("redis-stream:backlog", IntStream.range(0, 2_000).mapToObj(i -> "b" + i).toList());
        StreamTrimmer trimmer = new StreamTrimmer(() -> component, List.of("backlog"), 100, Duration.ofMillis(1), Clock.systemUTC());

        trimmer.trimAll();

        assertThat(redis.xlen(key)).isEqualTo(2_000);
    }

    @Test
    void entriesDeliveredButNotAcknowledgedAreNeverTrimmed() {
        String key = prefix + "held";
        redis.xgroupCreate(XReadArgs.StreamOffset.from(key, "0"), "workers", XGroupCreateArgs.Builder.mkstream());
        template.sendBody("redis-stream:held", IntStream.range(0, 500).mapToObj(i -> "h" + i).toList());
        redis.xreadgroup(io.lettuce.core.Consumer.from("workers", "slow"), XReadArgs.Builder.count(500),
                XReadArgs.StreamOffset.lastConsumed(key));
        StreamTrimmer trimmer = new StreamTrimmer(() -> component, List.of("held"), 10, Duration.ofMillis(1), Clock.systemUTC());

        trimmer.trimAll();

        assertThat(redis.xlen(key)).isEqualTo(500);
    }

    @Test
    void entriesOlderThanTheAgeBoundAreTrimmedOnceEveryGroupIsDone() throws Exception {
        String key = prefix + "aged";
        redis.xgroupCreate(XReadArgs.StreamOffset.from(key, "0"), "workers", XGroupCreateArgs.Builder.mkstream());
        for (int i = 0; i < 300; i++) {
            redis.xadd(key, new io.lettuce.core.XAddArgs().id("1000-" + i), Map.of("data", "old" + i));
        }
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("redis-stream:aged?group=workers&batchSize=100&block=100").log("${body}");
            }
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> redis.xpending(key, "workers").getCount() == 0
                && redis.xinfoGroups(key).toString().contains("1000-299"));
        StreamTrimmer trimmer = new StreamTrimmer(() -> component, List.of("aged"), 1_000_000, Duration.ofSeconds(60),
                Clock.fixed(Instant.ofEpochMilli(1_000_000), ZoneOffset.UTC));

        trimmer.trimAll();

        assertThat(redis.xlen(key)).isLessThan(300);
    }

    @Test
    void aStreamWithoutGroupsIsLeftAlone() {
        template.sendBody("redis-stream:nogroup", IntStream.range(0, 300).mapToObj(i -> "n" + i).toList());
        StreamTrimmer trimmer = new StreamTrimmer(() -> component, List.of("nogroup"), 10, Duration.ofMillis(1), Clock.systemUTC());

        trimmer.trimAll();

        assertThat(redis.xlen(prefix + "nogroup")).isEqualTo(300);
    }
}
