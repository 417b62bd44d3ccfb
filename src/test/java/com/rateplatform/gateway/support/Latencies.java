package com.rateplatform.gateway.support;

import java.util.concurrent.ConcurrentLinkedQueue;

/** Durations in milliseconds, collected from any thread, summarised as percentiles for a test's printed figures. */
public final class Latencies {

    private final ConcurrentLinkedQueue<Double> millis = new ConcurrentLinkedQueue<>();

    public void add(double value) {
        millis.add(value);
    }

    public int count() {
        return millis.size();
    }

    /** {@code n=…, p50=… p95=… p99=… max=… ms}. */
    public String summary() {
        double[] sorted = millis.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        if (sorted.length == 0) {
            return "n=0";
        }
        return String.format("n=%d, p50=%.1f p95=%.1f p99=%.1f max=%.1f ms", sorted.length, at(sorted, 50), at(sorted, 95),
                at(sorted, 99), sorted[sorted.length - 1]);
    }

    private static double at(double[] sorted, int percentile) {
        int index = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }
}
