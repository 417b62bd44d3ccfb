package com.rateplatform.gateway.ops;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Steady HTTP load at fixed rates, sent whatever the answers take (open loop, up to {@value #SENDERS} requests under way;
 * a send due while that many wait is skipped, and counted): {@code POST /api/validation/validate} (one item, a request
 * id of its own, so a retry is never a second request) and {@code GET .../status/{id}} of a request accepted before. A 429 or 503 with {@code Retry-After} is the API's documented "come back later": the request is sent
 * again after that many seconds, and counted. Any other answer, or no answer, is a failure.
 */
final class SteadyLoad implements AutoCloseable {

    static final int SENDERS = 64;

    private final HttpClient http;
    private final String baseUrl;
    private final String token;
    private final String runId;
    private final ScheduledExecutorService ticker = Executors.newScheduledThreadPool(1);
    private final ExecutorService senders = Executors.newFixedThreadPool(SENDERS);
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicInteger outstanding = new AtomicInteger();
    private final AtomicLong sequence = new AtomicLong();
    private final Set<String> accepted = ConcurrentHashMap.newKeySet();
    private final List<String> acceptedInOrder = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, LongAdder> answers = new ConcurrentHashMap<>();
    private final LongAdder retries = new LongAdder();
    private final List<String> failures = Collections.synchronizedList(new ArrayList<>());
    private final LongAdder validates = new LongAdder();
    private final LongAdder statusReads = new LongAdder();
    private final LongAdder skipped = new LongAdder();

    SteadyLoad(HttpClient http, String baseUrl, String token, String runId) {
        this.http = http;
        this.baseUrl = baseUrl;
        this.token = token;
        this.runId = runId;
    }

    /** Starts sending {@code validatesPerSecond} validations and {@code statusPerSecond} status reads a second. */
    void start(int validatesPerSecond, int statusPerSecond) {
        running.set(true);
        ticker.scheduleAtFixedRate(this::issueValidate, 0, 1_000_000 / validatesPerSecond, TimeUnit.MICROSECONDS);
        ticker.scheduleAtFixedRate(this::issueStatus, 0, 1_000_000 / statusPerSecond, TimeUnit.MICROSECONDS);
    }

    /** Sends nothing new; requests under way (and their retries) still complete, see {@link #settled()}. */
    void stop() {
        running.set(false);
    }

    /** Whether every request sent has its final answer. */
    boolean settled() {
        return outstanding.get() == 0;
    }

    Set<String> accepted() {
        return Set.copyOf(accepted);
    }

    long validates() {
        return validates.sum();
    }

    long statusReads() {
        return statusReads.sum();
    }

    /** Sends skipped because {@value #SENDERS} requests were under way: the servers did not keep up with the rates. */
    long skipped() {
        return skipped.sum();
    }

    long retries() {
        return retries.sum();
    }

    List<String> failures() {
        return List.copyOf(failures);
    }

    /** How often each kind of request got each answer, e.g. {@code validate 202=…, validate 503=…, status 200=…}. */
    Map<String, Long> answers() {
        Map<String, Long> counts = new TreeMap<>();
        answers.forEach((key, count) -> counts.put(key, count.sum()));
        return counts;
    }

    private void issueValidate() {
        if (!running.get() || saturated()) {
            return;
        }
        String requestId = runId + "-" + sequence.incrementAndGet();
        HttpRequest request = authorized("/api/validation/validate").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"request_id\": \"" + requestId + "\", \"data\": {\"items\": "
                        + "[{\"phone\": \"09" + String.format("%08d", sequence.get() % 100_000_000) + "\", \"name\": \"Trần Thị Bích\"}]}}"))
                .build();
        validates.increment();
        send("validate", request, 202, () -> {
            if (accepted.add(requestId)) {
                acceptedInOrder.add(requestId);
            }
        });
    }

    private void issueStatus() {
        if (!running.get() || acceptedInOrder.isEmpty() || saturated()) {
            return;
        }
        String requestId = acceptedInOrder.get(ThreadLocalRandom.current().nextInt(acceptedInOrder.size()));
        statusReads.increment();
        send("status", authorized("/api/validation/status/" + requestId).GET().build(), 200, () -> { });
    }

    private boolean saturated() {
        if (outstanding.get() < SENDERS) {
            return false;
        }
        skipped.increment();
        return true;
    }

    private HttpRequest.Builder authorized(String path) {
        return HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token);
    }

    private void send(String kind, HttpRequest request, int expected, Runnable onSuccess) {
        outstanding.incrementAndGet();
        senders.execute(() -> attempt(kind, request, expected, onSuccess));
    }

    private void attempt(String kind, HttpRequest request, int expected, Runnable onSuccess) {
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            fail(kind + " " + request.uri().getPath() + ": no answer (" + e + ")");
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail(kind + " interrupted");
            return;
        }
        int status = response.statusCode();
        answers.computeIfAbsent(kind + " " + status, k -> new LongAdder()).increment();
        if (status == expected) {
            onSuccess.run();
            outstanding.decrementAndGet();
            return;
        }
        String retryAfter = response.headers().firstValue("Retry-After").orElse(null);
        if ((status == 429 || status == 503) && retryAfter != null) {
            retries.increment();
            ticker.schedule(() -> senders.execute(() -> attempt(kind, request, expected, onSuccess)),
                    Long.parseLong(retryAfter.trim()), TimeUnit.SECONDS);
            return;
        }
        fail(kind + " " + request.uri().getPath() + ": " + status + " " + response.body());
    }

    private void fail(String failure) {
        failures.add(failure);
        outstanding.decrementAndGet();
    }

    @Override
    public void close() {
        running.set(false);
        ticker.shutdownNow();
        senders.shutdownNow();
    }
}
