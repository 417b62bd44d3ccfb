package com.rateplatform.gateway.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.lettuce.core.Consumer;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.sync.RedisCommands;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import com.rateplatform.gateway.support.MetricsText;
import com.rateplatform.gateway.support.RunningGateway;
import com.rateplatform.gateway.support.TestServers;

/**
 * The stream gauges on {@code /metrics} say what {@code XINFO GROUPS} and {@code XLEN} say, and come from one gateway
 * at a time: the holder of the collector lease.
 */
@Tag("slow")
class StreamMetricsTest {

    private static final String VALIDATE = "/api/validation/validate";
    private static final String ITEMS = "{\"data\": {\"items\": [{\"phone\": \"0912345678\"}]}}";
    private static final String HIGH = "{\"priority\": \"high\", \"data\": {\"items\": [{\"phone\": \"0912345678\"}]}}";
    private static final List<String> STREAMS = List.of("validation_requests", "validation_requests_high", "extension_responses",
            "importer_responses");

    private final RedisCommands<String, String> redis = TestServers.get().redis();

    /**
     * The acceptance: a few hundred requests through gateway and workers, then the workers stopped, entries held
     * unacknowledged by a consumer, requests left queued and responses dead-lettered; once nothing moves, the first
     * collection that began afterwards shows exactly the lag, pending entries, lengths and DLQ length Redis reports.
     */
    @Test
    void underLoadTheGaugesEqualWhatXinfoGroupsAndXlenSayOnceTheWorkersAreStopped() throws Exception {
        try (RunningGateway gateway = RunningGateway.start(TestServers.uniquePrefix("stream-metrics"), Map.of(
                "rate.monitoring.collect-interval-ms", "200", "rate.security.rate-limit.validation-write", "100000/1m"))) {
            List<HttpResponse<String>> answers = postConcurrently(gateway, 200);
            assertThat(answers).allSatisfy(answer -> assertThat(answer.statusCode()).isEqualTo(202));
            gateway.context().getRouteController().stopRoute("validator");
            gateway.context().getRouteController().stopRoute("validator-high");
            for (int i = 0; i < 40; i++) {
                assertThat(gateway.postJson(VALIDATE, i % 4 == 0 ? HIGH : ITEMS).statusCode()).isEqualTo(202);
            }
            redis.xreadgroup(Consumer.from("validators", "silent"), XReadArgs.Builder.count(5),
                    XReadArgs.StreamOffset.lastConsumed(gateway.key("validation_requests")));
            for (int i = 0; i < 3; i++) {
                redis.xadd(gateway.key("extension_responses"), Map.of("data", "not json " + i));
            }
            awaitNothingMoves(gateway);
            long quiet = System.currentTimeMillis();

            MetricsText metrics = awaitCollectionAfter(gateway, quiet);
            Map<String, Long> lengths = new HashMap<>();
            Map<String, List<Map<String, Object>>> groups = new HashMap<>();
            for (String stream : STREAMS) {
                lengths.put(stream, redis.xlen(gateway.key(stream)));
                groups.put(stream, xinfoGroups(gateway.key(stream)));
            }
            long dlqLength = redis.xlen(gateway.key("validation_dlq"));

            for (String stream : STREAMS) {
                assertThat(metrics.value("rategw_stream_length", "stream", stream)).as("length of " + stream).hasValue(lengths.get(stream));
                assertThat(groups.get(stream)).as("groups of " + stream).isNotEmpty();
                for (Map<String, Object> group : groups.get(stream)) {
                    String name = (String) group.get("name");
                    assertThat(metrics.value("rategw_stream_group_pending", "stream", stream, "group", name)).as("pending of " + name + " on " + stream)
                            .hasValue(((Number) group.get("pending")).doubleValue());
                    assertThat(metrics.value("rategw_stream_group_lag", "stream", stream, "group", name)).as("lag of " + name + " on " + stream)
                            .hasValue(((Number) group.get("lag")).doubleValue());
                }
            }
            assertThat(metrics.value("rategw_dlq_length", "stream", "validation_dlq")).hasValue(dlqLength);
            // The comparison is worth something: each figure is non-trivial.
            assertThat(metrics.value("rategw_stream_group_lag", "stream", "validation_requests", "group", "validators").orElseThrow()).isGreaterThan(0);
            assertThat(metrics.value("rategw_stream_group_lag", "stream", "validation_requests_high", "group", "validators").orElseThrow()).isGreaterThan(0);
            assertThat(metrics.value("rategw_stream_group_pending", "stream", "validation_requests", "group", "validators").orElseThrow()).isGreaterThanOrEqualTo(5);
            assertThat(dlqLength).isEqualTo(3);
        }
    }

    @Test
    void aGroupWhoseLagRedisCannotTellHasNoLagGaugeButItsPendingAndUndeliveredAgeStay() throws Exception {
        try (RunningGateway gateway = RunningGateway.start(TestServers.uniquePrefix("stream-lag"), Map.of("rate.roles", "gateway",
                "rate.monitoring.collect-interval-ms", "200"))) {
            String key = gateway.key("validation_requests");
            redis.xgroupCreate(XReadArgs.StreamOffset.from(key, "0"), "validators", XGroupCreateArgs.Builder.mkstream());
            for (int i = 0; i < 3; i++) {
                assertThat(gateway.postJson(VALIDATE, ITEMS).statusCode()).isEqualTo(202);
            }
            Assumptions.assumeTrue(xinfoGroups(key).get(0).get("lag") != null, "needs Redis 7 (XINFO GROUPS lag)");
            redis.xreadgroup(Consumer.from("validators", "reader"), XReadArgs.Builder.count(1), XReadArgs.StreamOffset.lastConsumed(key));

            // Deleting an undelivered entry leaves Redis unable to count what remains undelivered.
            redis.xdel(key, redis.xrange(key, io.lettuce.core.Range.create("-", "+")).get(1).getId());
            long deleted = System.currentTimeMillis();
            MetricsText metrics = awaitCollectionAfter(gateway, deleted);

            assertThat(xinfoGroups(key).get(0).get("lag")).isNull();
            assertThat(metrics.value("rategw_stream_group_lag", "stream", "validation_requests", "group", "validators")).isEmpty();
            assertThat(metrics.value("rategw_stream_group_pending", "stream", "validation_requests", "group", "validators")).hasValue(1);
            assertThat(metrics.value("rategw_stream_group_oldest_undelivered_age_seconds", "stream", "validation_requests",
                    "group", "validators").orElseThrow()).isGreaterThan(0);
        }
    }

    @Test
    void onlyTheLeaseHolderShowsTheStreamGaugesAndAnotherGatewayTakesOverWhenItStops() throws Exception {
        String prefix = TestServers.uniquePrefix("stream-lease");
        Map<String, String> settings = Map.of("rate.roles", "gateway", "rate.monitoring.collect-interval-ms", "200",
                "rate.monitoring.collector-lease-ms", "1000");
        RunningGateway first = RunningGateway.start(prefix, settings);
        try (RunningGateway second = RunningGateway.start(prefix, settings)) {
            List<RunningGateway> both = List.of(first, second);
            await().atMost(Duration.ofSeconds(20)).until(() -> both.stream().filter(StreamMetricsTest::showsStreamGauges).count() == 1);
            RunningGateway holder = showsStreamGauges(first) ? first : second;
            RunningGateway other = holder == first ? second : first;
            assertThat(scrape(other).value("rategw_stream_collector_leader")).hasValue(0);

            holder.close();

            await().atMost(Duration.ofSeconds(20)).until(() -> showsStreamGauges(other));
            assertThat(scrape(other).value("rategw_stream_collector_leader")).hasValue(1);
        } finally {
            first.close();
        }
    }

    private static boolean showsStreamGauges(RunningGateway gateway) {
        return scrape(gateway).has("rategw_stream_length");
    }

    private static List<HttpResponse<String>> postConcurrently(RunningGateway gateway, int requests) throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(8);
        try {
            List<Future<HttpResponse<String>>> sent = new ArrayList<>();
            for (int i = 0; i < requests; i++) {
                String body = i % 5 == 0 ? HIGH : ITEMS;
                sent.add(clients.submit(() -> gateway.postJson(VALIDATE, body)));
            }
            List<HttpResponse<String>> answers = new ArrayList<>();
            for (Future<HttpResponse<String>> answer : sent) {
                answers.add(answer.get());
            }
            return answers;
        } finally {
            clients.shutdown();
        }
    }

    /** Until the recorders have dealt with every response and the dead letters are written: then nothing changes. */
    private void awaitNothingMoves(RunningGateway gateway) {
        await().atMost(Duration.ofSeconds(30)).until(() -> redis.xlen(gateway.key("validation_dlq")) == 3
                && List.of("extension_responses", "importer_responses").stream().allMatch(stream -> xinfoGroups(gateway.key(stream)).stream()
                .allMatch(group -> ((Number) group.get("pending")).longValue() == 0 && Long.valueOf(0).equals(group.get("lag")))));
    }

    /** /metrics once it shows a collection that began after {@code millis}. */
    private static MetricsText awaitCollectionAfter(RunningGateway gateway, long millis) {
        return await().atMost(Duration.ofSeconds(20)).until(() -> scrape(gateway),
                metrics -> metrics.value("rategw_streams_collected_timestamp_seconds").orElse(0) * 1000 > millis);
    }

    private static MetricsText scrape(RunningGateway gateway) {
        return MetricsText.parse(gateway.get("/metrics").body());
    }

    /** XINFO GROUPS as field maps (a nil lag stays a null value). */
    private List<Map<String, Object>> xinfoGroups(String key) {
        List<Map<String, Object>> groups = new ArrayList<>();
        for (Object group : redis.xinfoGroups(key)) {
            List<?> fields = (List<?>) group;
            Map<String, Object> byName = new HashMap<>();
            for (int i = 0; i + 1 < fields.size(); i += 2) {
                byName.put(String.valueOf(fields.get(i)), fields.get(i + 1));
            }
            groups.add(byName);
        }
        return groups;
    }
}
