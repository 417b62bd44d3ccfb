package com.rateplatform.gateway.monitoring;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import io.lettuce.core.LettuceFutures;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisFuture;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;

import com.rateplatform.gateway.contract.Source;
import com.rateplatform.gateway.stream.RedisStreamComponent;
import com.rateplatform.gateway.stream.StreamConnection;

/**
 * Requests accepted and completed, and the end-to-end latency histogram, summed over every gateway second by second,
 * for the console's live feed: each gateway adds what it counted since its last tick to a Redis hash of the current
 * second (HINCRBY, pipelined; the hash expires after a minute), and the feed reads the hash of a second every gateway
 * is done with. A figure is the whole deployment's, whichever gateway the console is connected to.
 */
class ClusterRates {

    /** Logical key prefix of the per-second hashes. */
    static final String KEY = "monitoring:rates:";
    private static final long KEEP_MS = 60_000;
    private static final String[] COUNTS = { "accepted.extension", "accepted.importer", "completed.extension",
            "completed.importer", "latency.count" };

    /** One second of the deployment: requests accepted and completed by source, and the latency histogram. */
    record Rates(Map<Source, Long> accepted, Map<Source, Long> completed, long latencyCount, long[] latencyBuckets) {
    }

    private final Supplier<RedisStreamComponent> streams;
    private final RequestMetrics metrics;
    private final double[] boundsMs;
    private final String[] fields;
    private long[] reported;

    ClusterRates(Supplier<RedisStreamComponent> streams, RequestMetrics metrics) {
        this.streams = streams;
        this.metrics = metrics;
        this.boundsMs = RequestMetrics.LATENCY_BUCKETS.stream().mapToDouble(d -> d.toNanos() / 1e6).toArray();
        this.fields = new String[COUNTS.length + boundsMs.length];
        System.arraycopy(COUNTS, 0, fields, 0, COUNTS.length);
        for (int i = 0; i < boundsMs.length; i++) {
            fields[COUNTS.length + i] = "latency.le." + RequestMetrics.LATENCY_BUCKETS.get(i).toMillis();
        }
        this.reported = counted();
    }

    /** The upper bounds (ms) of the latency buckets. */
    double[] boundsMs() {
        return boundsMs.clone();
    }

    /** Adds what this gateway counted since the last call to the totals of {@code second} (Unix seconds). */
    void flush(long second) {
        long[] now = counted();
        RedisStreamComponent component = streams.get();
        StreamConnection redis = component.connections().shared();
        String key = component.keyOf(KEY + second);
        List<RedisFuture<?>> sent = new ArrayList<>();
        for (int i = 0; i < now.length; i++) {
            long delta = now[i] - reported[i];
            if (delta != 0) {
                sent.add(redis.asyncHashes().hincrby(key, fields[i], delta));
            }
        }
        if (!sent.isEmpty()) {
            sent.add(redis.asyncKeys().pexpire(key, KEEP_MS));
            await(component, sent);
        }
        reported = now; // a failed flush loses one second of this gateway's counts, never counts them twice
    }

    /** The totals of {@code second}, as every gateway flushed them (pipelined with what the caller sends). */
    RedisFuture<Map<String, String>> read(long second) {
        RedisStreamComponent component = streams.get();
        return component.connections().shared().asyncHashes().hgetall(component.keyOf(KEY + second));
    }

    Rates parse(Map<String, String> hash) {
        long[] values = new long[fields.length];
        for (int i = 0; i < fields.length; i++) {
            String value = hash.get(fields[i]);
            values[i] = value == null ? 0 : Long.parseLong(value);
        }
        long[] buckets = new long[boundsMs.length];
        System.arraycopy(values, COUNTS.length, buckets, 0, buckets.length);
        return new Rates(Map.of(Source.EXTENSION, values[0], Source.IMPORTER, values[1]),
                Map.of(Source.EXTENSION, values[2], Source.IMPORTER, values[3]), values[4], buckets);
    }

    /** This gateway's totals so far, in the order of {@link #fields}: cumulative bucket counts of both sources summed. */
    private long[] counted() {
        long[] now = new long[fields.length];
        now[0] = metrics.acceptedCount(Source.EXTENSION);
        now[1] = metrics.acceptedCount(Source.IMPORTER);
        now[2] = metrics.completedCount(Source.EXTENSION);
        now[3] = metrics.completedCount(Source.IMPORTER);
        for (Timer timer : metrics.latencyTimers()) {
            HistogramSnapshot snapshot = timer.takeSnapshot();
            now[4] += snapshot.count();
            CountAtBucket[] buckets = snapshot.histogramCounts();
            for (int i = 0; i < buckets.length && i < boundsMs.length; i++) {
                now[COUNTS.length + i] += (long) buckets[i].count();
            }
        }
        return now;
    }

    private static void await(RedisStreamComponent component, List<RedisFuture<?>> futures) {
        if (!LettuceFutures.awaitAll(component.getCommandTimeout(), futures.toArray(new RedisFuture[0]))) {
            throw new RedisCommandTimeoutException("Live rates not written within " + component.getCommandTimeout());
        }
    }

    /**
     * The latency below which a fraction {@code q} of the second's results fell, interpolated within the histogram's
     * buckets as Prometheus' {@code histogram_quantile} does; null when nothing completed.
     *
     * @param cumulative results at or under each bound
     */
    static Double quantile(double q, long[] cumulative, double[] boundsMs, long total) {
        if (total <= 0) {
            return null;
        }
        double rank = q * total;
        long below = 0;
        double lower = 0;
        for (int i = 0; i < boundsMs.length; i++) {
            if (cumulative[i] >= rank) {
                long inBucket = cumulative[i] - below;
                return inBucket == 0 ? boundsMs[i] : lower + (boundsMs[i] - lower) * (rank - below) / inBucket;
            }
            below = cumulative[i];
            lower = boundsMs[i];
        }
        return boundsMs[boundsMs.length - 1]; // beyond the largest bound: that bound, as Prometheus answers
    }
}
