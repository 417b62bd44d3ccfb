package com.rateplatform.gateway.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

import com.rateplatform.gateway.contract.Source;
import com.rateplatform.gateway.message.ItemResult;
import com.rateplatform.gateway.message.ResponseMessage;
import com.rateplatform.gateway.stream.RedisStreamComponent;
import com.rateplatform.gateway.support.TestServers;

/** The live feed's per-second figures: two gateways' counts summed in Redis, percentiles read off the histogram. */
class ClusterRatesTest {

    private static final double[] BOUNDS_MS = { 10, 25, 50, 100 };

    @Test
    void twoGatewaysCountsAddUpInTheSecondTheyFlushedThem() {
        RedisStreamComponent redis = TestServers.get().streamComponent(TestServers.uniquePrefix("cluster-rates"), "rates");
        RequestMetrics first = new RequestMetrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), Clock.systemUTC());
        RequestMetrics second = new RequestMetrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), Clock.systemUTC());
        ClusterRates firstRates = new ClusterRates(() -> redis, first);
        ClusterRates secondRates = new ClusterRates(() -> redis, second);
        try {
            first.accepted("extension", "validate", "normal", 3);
            second.accepted("importer", "import", "normal", 2);
            recordedAfter(first, "extension", 5);   // in the 10 ms bucket
            recordedAfter(second, "extension", 40); // in the 50 ms bucket
            recordedAfter(second, "importer", 40);

            firstRates.flush(1_000);
            secondRates.flush(1_000);
            first.accepted("extension", "validate", "normal", 7); // after the flush: the next second's
            firstRates.flush(1_001);

            ClusterRates.Rates rates = firstRates.parse(firstRates.read(1_000).get());
            assertThat(rates.accepted()).containsEntry(Source.EXTENSION, 3L).containsEntry(Source.IMPORTER, 2L);
            assertThat(rates.completed()).containsEntry(Source.EXTENSION, 2L).containsEntry(Source.IMPORTER, 1L);
            assertThat(rates.latencyCount()).isEqualTo(3);
            double[] bounds = firstRates.boundsMs();
            // one result at or under 10 ms, all three at or under 50 ms: cumulative, as Prometheus buckets are
            assertThat(rates.latencyBuckets()[indexOf(bounds, 10)]).isEqualTo(1);
            assertThat(rates.latencyBuckets()[indexOf(bounds, 50)]).isEqualTo(3);
            assertThat(firstRates.parse(firstRates.read(1_001).get()).accepted()).containsEntry(Source.EXTENSION, 7L);
        } catch (Exception e) {
            throw new AssertionError(e);
        } finally {
            redis.connections().close();
        }
    }

    @Test
    void aQuantileIsInterpolatedWithinItsBucketAsHistogramQuantileDoes() {
        long[] cumulative = { 0, 4, 8, 10 }; // 4 results in (10, 25], 4 in (25, 50], 2 in (50, 100]

        assertThat(ClusterRates.quantile(0.5, cumulative, BOUNDS_MS, 10)).isEqualTo(31.25); // rank 5: 1/4 into (25, 50]
        assertThat(ClusterRates.quantile(0.25, cumulative, BOUNDS_MS, 10)).isEqualTo(19.375); // rank 2.5: 5/8 into (10, 25]
        assertThat(ClusterRates.quantile(0.99, cumulative, BOUNDS_MS, 10)).isEqualTo(97.5);
    }

    @Test
    void beyondTheLargestBucketTheQuantileIsThatBoundAndWithoutResultsThereIsNone() {
        assertThat(ClusterRates.quantile(0.99, new long[] { 0, 0, 0, 1 }, BOUNDS_MS, 10)).isEqualTo(100);
        assertThat(ClusterRates.quantile(0.5, new long[] { 0, 0, 0, 0 }, BOUNDS_MS, 0)).isNull();
    }

    private static void recordedAfter(RequestMetrics metrics, String source, long millis) {
        ResponseMessage response = new ResponseMessage("r", ResponseMessage.SUCCESS,
                List.of(new ItemResult("item_001", ItemResult.Verdict.DONE, null, 1.0, null)), 1, "2026-01-01T00:00:00Z", null);
        metrics.recorded(source, Instant.now().minusMillis(millis), response);
    }

    private static int indexOf(double[] bounds, double bound) {
        for (int i = 0; i < bounds.length; i++) {
            if (bounds[i] == bound) {
                return i;
            }
        }
        throw new IllegalArgumentException("no bucket " + bound);
    }
}
