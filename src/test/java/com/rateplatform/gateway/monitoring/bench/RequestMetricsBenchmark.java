package com.rateplatform.gateway.monitoring.bench;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import com.rateplatform.gateway.contract.ApiException;
import com.rateplatform.gateway.message.ItemResult;
import com.rateplatform.gateway.message.ResponseMessage;
import com.rateplatform.gateway.monitoring.RequestMetrics;

/**
 * What counting costs a request (ns per call, one thread): {@link RequestMetrics}' accepted, refused and recorded
 * counts, next to two baselines measured in the same run — one increment of a held counter (the floor), and the
 * registry search per call that a meter looked up by name and tags costs (what the hot path must not do).
 * Run with benchmarks/run-metrics-bench.sh.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class RequestMetricsBenchmark {

    private PrometheusMeterRegistry registry;
    private RequestMetrics metrics;
    private Counter held;
    private ApiException refusal;
    private ResponseMessage response;
    private Instant acceptedAt;
    // Not constants: the request path reads them from parsed JSON.
    private String source = new String("extension");
    private String action = new String("validate");
    private String priority = new String("normal");

    @Setup
    public void setUp() {
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        metrics = new RequestMetrics(registry, Clock.systemUTC());
        held = Counter.builder("bench.held").register(registry);
        refusal = new ApiException(429, "RATE_LIMITED", "too many", null);
        response = new ResponseMessage("r", ResponseMessage.PARTIAL, List.of(
                new ItemResult("item_001", ItemResult.Verdict.DONE, null, 1.0, null),
                new ItemResult("item_002", ItemResult.Verdict.ERROR, "PHONE_INVALID", 0.0, null)), 3, "2026-01-01T00:00:00Z", null);
        acceptedAt = Instant.now();
    }

    @Benchmark
    public void baselineHeldCounter() {
        held.increment();
    }

    @Benchmark
    public void baselineRegistrySearchPerCall() {
        registry.counter("rategw.requests.accepted", "source", source, "action", action, "priority", priority).increment();
    }

    @Benchmark
    public void accepted() {
        metrics.accepted(source, action, priority, 1);
    }

    @Benchmark
    public void rejected() {
        metrics.rejected(refusal, "validation:write");
    }

    @Benchmark
    public void recordedWithTwoItems() {
        metrics.recorded(source, acceptedAt, response);
    }
}
