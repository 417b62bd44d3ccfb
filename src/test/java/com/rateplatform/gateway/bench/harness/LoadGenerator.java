package com.rateplatform.gateway.bench.harness;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongFunction;

import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import org.HdrHistogram.Histogram;

/**
 * HTTP load from Vert.x's client on one event loop (one thread, so it leaves the other core to the servers):
 * <ul>
 * <li>closed loop: N connections, each sends its next request when the previous answer arrived (what {@code hey} and
 * {@code wrk} do); latency from the actual send, so it is the service time at that concurrency;</li>
 * <li>open loop: requests at fixed intended times ({@code start + n / rate}) whatever the answers do; latency from the
 * INTENDED send time, so a stall delays every request scheduled behind it and shows in the percentiles (coordinated
 * omission corrected, as {@code wrk2} does). A request still unanswered when the phase gives up is recorded at its
 * wait so far (a lower bound) and counted as an error.</li>
 * </ul>
 * Latencies go into an HdrHistogram in microseconds (3 significant digits).
 */
final class LoadGenerator implements AutoCloseable {

    /** Most connections open at once in open loop: a slow server sees at most this many requests; the rest queue here. */
    private static final int OPEN_LOOP_CONNECTIONS = 256;
    private static final long HIGHEST_MICROS = TimeUnit.MINUTES.toMicros(30);

    /**
     * What to send: request {@code n}'s path and body (null for none), the headers, and the statuses that count as a
     * good answer (404 is the right answer for an unknown id).
     */
    record Target(String name, int port, HttpMethod method, LongFunction<String> path, LongFunction<Buffer> body,
                  Map<String, String> headers, Set<Integer> expected) {
    }

    /** Latency percentiles in milliseconds. */
    record Latency(double p50, double p95, double p99, double p999, double max, double mean) {

        static Latency of(Histogram h) {
            return new Latency(ms(h.getValueAtPercentile(50)), ms(h.getValueAtPercentile(95)), ms(h.getValueAtPercentile(99)),
                    ms(h.getValueAtPercentile(99.9)), ms(h.getMaxValue()), h.getMean() / 1_000);
        }

        private static double ms(long micros) {
            return micros / 1_000.0;
        }
    }

    /**
     * What one run measured. {@code achievedRate} counts good answers per second, from the first intended send to the
     * last answer; {@code statuses} every answer by HTTP status; {@code errors} everything that was not a good answer.
     */
    record Result(String target, String mode, int connections, Double targetRate, double seconds, long sent, long good,
                  double achievedRate, Map<String, Long> statuses, Map<String, Long> errors, Latency latency) {

        long errorCount() {
            return errors.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /** A run of this generator, to measure between two snapshots of the counters. */
    @FunctionalInterface
    interface Job {
        Result run() throws InterruptedException;
    }

    private final Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1)
            .setInternalBlockingPoolSize(1));
    private final Context context = vertx.getOrCreateContext();
    private final Duration grace;

    /** @param grace how long after its last send a run waits for answers before it gives up on the rest */
    LoadGenerator(Duration grace) {
        this.grace = grace;
    }

    /** {@code connections} requests in flight at all times, for {@code duration}. */
    Result closedLoop(Target target, int connections, Duration duration) throws InterruptedException {
        Run run = new Run(target, "closed", connections, null, connections);
        context.runOnContext(v -> {
            run.startNanos = System.nanoTime();
            long end = run.startNanos + duration.toNanos();
            for (int i = 0; i < connections; i++) {
                sendUntil(run, end);
            }
        });
        return run.await(duration);
    }

    /** {@code rate} requests per second at fixed intended times, for {@code duration}. */
    Result openLoop(Target target, double rate, Duration duration) throws InterruptedException {
        Run run = new Run(target, "open", OPEN_LOOP_CONNECTIONS, rate, OPEN_LOOP_CONNECTIONS);
        long total = Math.round(rate * duration.toNanos() / 1e9);
        context.runOnContext(v -> {
            run.startNanos = System.nanoTime();
            sendDue(run, rate, total);
        });
        return run.await(duration);
    }

    /**
     * Sends every request whose intended time has come, then sleeps until the next one is due (1 ms at least): a late
     * wake-up makes requests late, and that counts.
     */
    private void sendDue(Run run, double rate, long total) {
        long now = System.nanoTime();
        long next;
        while (run.sent < total && (next = intended(run, rate, run.sent)) <= now) {
            send(run, next, () -> { });
        }
        if (run.sent == total) {
            run.senders = 0;
            run.completeIfDone();
            return;
        }
        long wait = TimeUnit.NANOSECONDS.toMillis(intended(run, rate, run.sent) - now);
        vertx.setTimer(Math.max(1, wait), timer -> sendDue(run, rate, total));
    }

    private static long intended(Run run, double rate, long n) {
        return run.startNanos + (long) (n * 1e9 / rate);
    }

    private void sendUntil(Run run, long end) {
        long now = System.nanoTime();
        if (now >= end || run.abandoned) {
            run.senders--;
            run.completeIfDone();
            return;
        }
        send(run, now, () -> sendUntil(run, end));
    }

    private void send(Run run, long startNanos, Runnable then) {
        Target target = run.target;
        long n = run.sent++;
        run.inFlight++;
        RequestOptions options = new RequestOptions().setMethod(target.method()).setHost("127.0.0.1").setPort(target.port())
                .setURI(target.path().apply(n));
        target.headers().forEach(options::putHeader);
        Buffer body = target.body() == null ? null : target.body().apply(n);
        run.client.request(options)
                .compose(request -> body == null ? request.send() : request.send(body))
                .compose(response -> response.body().map(ignored -> response.statusCode()))
                .onComplete(answer -> {
                    if (!run.abandoned) {
                        run.record(answer, System.nanoTime() - startNanos);
                        then.run();
                        run.completeIfDone();
                    }
                });
    }

    @Override
    public void close() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    /** The state of one run; touched only on the generator's event loop (but for {@link #await}). */
    private final class Run {

        final Target target;
        final String mode;
        final int connections;
        final Double rate;
        final HttpClient client;
        final Histogram histogram = new Histogram(HIGHEST_MICROS, 3);
        final Map<String, Long> statuses = new TreeMap<>();
        final Map<String, Long> errors = new TreeMap<>();
        final CompletableFuture<Void> done = new CompletableFuture<>();
        long startNanos;
        long lastAnswerNanos;
        long sent;
        long inFlight;
        long good;
        int senders;
        volatile boolean abandoned;

        Run(Target target, String mode, int connections, Double rate, int poolSize) {
            this.target = target;
            this.mode = mode;
            this.connections = connections;
            this.rate = rate;
            this.senders = rate == null ? connections : 1;
            // A client of its own per run: closing it at the end drops whatever a slow server still holds.
            this.client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true)
                    .setConnectTimeout(5_000), new PoolOptions().setHttp1MaxSize(poolSize));
        }

        void record(AsyncResult<Integer> answer, long elapsedNanos) {
            inFlight--;
            lastAnswerNanos = System.nanoTime();
            if (answer.failed()) {
                errors.merge(answer.cause().getClass().getSimpleName(), 1L, Long::sum);
                return;
            }
            int status = answer.result();
            histogram.recordValue(Math.min(HIGHEST_MICROS, Math.max(1, elapsedNanos / 1_000)));
            statuses.merge(Integer.toString(status), 1L, Long::sum);
            if (target.expected().contains(status)) {
                good++;
            } else {
                errors.merge("HTTP " + status, 1L, Long::sum);
            }
        }

        void completeIfDone() {
            if (senders == 0 && inFlight == 0) {
                done.complete(null);
            }
        }

        Result await(Duration duration) throws InterruptedException {
            try {
                done.get(duration.plus(grace).plusSeconds(5).toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                giveUp();
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IllegalStateException(e);
            }
            client.close().toCompletionStage().toCompletableFuture().join();
            CompletableFuture<Result> result = new CompletableFuture<>();
            context.runOnContext(v -> result.complete(result()));
            return result.join();
        }

        /** Requests still unanswered are recorded at their wait so far (a lower bound) and counted as errors. */
        private void giveUp() {
            CompletableFuture<Void> given = new CompletableFuture<>();
            context.runOnContext(v -> {
                abandoned = true;
                long now = System.nanoTime();
                if (rate != null) {
                        // Answers come back about in order: the unanswered ones are about the last sent.
                    for (long n = sent - inFlight; n < sent; n++) {
                        histogram.recordValue(Math.min(HIGHEST_MICROS, Math.max(1, (now - intended(this, rate, n)) / 1_000)));
                    }
                }
                if (inFlight > 0) {
                    errors.merge("unanswered", inFlight, Long::sum);
                }
                given.complete(null);
            });
            given.join();
        }

        private Result result() {
            double seconds = Math.max(1, lastAnswerNanos - startNanos) / 1e9;
            return new Result(target.name(), mode, connections, rate, seconds, sent, good, good / seconds, statuses, errors,
                    Latency.of(histogram));
        }
    }
}
