package com.rateplatform.gateway.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import com.rateplatform.gateway.security.Scopes;
import com.rateplatform.gateway.support.AppProcess;
import com.rateplatform.gateway.support.FreshSchema;
import com.rateplatform.gateway.support.Latencies;
import com.rateplatform.gateway.support.Probe;
import com.rateplatform.gateway.support.RunningGateway;
import com.rateplatform.gateway.support.TestServers;

/**
 * Health answers do not queue behind API work: while 100 clients keep {@code POST /api/validation/validate} busy on a
 * gateway process, liveness and readiness probes (a new connection each, as Kubernetes and HAProxy send them) all
 * answer 200. Prints their latency percentiles beside an idle baseline of the same run; the time is reported, not
 * asserted.
 */
@Tag("slow")
class HealthUnderSaturationTest {

    private static final int CLIENTS = 100;
    private static final Duration WARM_UP = Duration.ofSeconds(5);
    private static final Duration MEASURED = Duration.ofSeconds(15);
    private static final Duration PROBE_EVERY = Duration.ofMillis(50);
    private static final String BODY = "{\"data\": {\"items\": [{\"phone\": \"0912345678\", \"name\": \"Nguyễn Văn An\"}]}}";

    private final Path logs = Path.of("target", "health-saturation-logs");
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final List<String> failures = Collections.synchronizedList(new ArrayList<>());

    @Test
    void livenessAndReadinessAnswerEveryProbeWhileHundredClientsSaturateTheIntake() throws Exception {
        try (FreshSchema schema = new FreshSchema()) {
            AppProcess gateway = AppProcess.launch(logs.resolve("gateway.log"), Map.of("ROLES", "gateway",
                    "STREAM_PREFIX", TestServers.uniquePrefix("health-saturation"), "DB_SCHEMA", schema.name(), "DB_MIGRATE", "false",
                    "JWT_SECRET", RunningGateway.JWT_SECRET, "RATE_LIMIT_VALIDATION_WRITE", "100000000/1m"));
            try {
                gateway.awaitLive();
                Map<String, Latencies> idle = probe(gateway, Duration.ofSeconds(2));

                AtomicBoolean loading = new AtomicBoolean(true);
                Map<Integer, LongAdder> answers = new ConcurrentHashMap<>();
                List<Thread> clients = new ArrayList<>();
                for (int i = 0; i < CLIENTS; i++) {
                    Thread client = new Thread(() -> validateUntilStopped(gateway, loading, answers), "saturating-client-" + i);
                    client.start();
                    clients.add(client);
                }
                await().pollDelay(WARM_UP).atMost(WARM_UP.plusSeconds(1)).until(() -> true);
                long acceptedBefore = count(answers, 202);
                Map<String, Latencies> saturated = probe(gateway, MEASURED);
                long acceptedDuring = count(answers, 202) - acceptedBefore;
                loading.set(false);
                for (Thread client : clients) {
                    client.join(30_000);
                }

                System.out.printf("Health probes, idle: ready %s; live %s%n", idle.get("/api/health/ready").summary(),
                        idle.get("/api/health/live").summary());
                System.out.printf("Health probes while %d clients saturate /validate (%.0f requests/s accepted): ready %s; live %s%n",
                        CLIENTS, acceptedDuring / (double) MEASURED.toSeconds(), saturated.get("/api/health/ready").summary(),
                        saturated.get("/api/health/live").summary());
                System.out.printf("Intake answers: %s%n", answers);

                assertThat(answers.keySet()).containsOnly(202);
                assertThat(failures).isEmpty();
            } finally {
                gateway.close();
            }
        }
    }

    /** Probes readiness and liveness in turn for the duration; every answer that is not 200 is a failure. */
    private Map<String, Latencies> probe(AppProcess gateway, Duration duration) {
        Map<String, Latencies> latencies = Map.of("/api/health/ready", new Latencies(), "/api/health/live", new Latencies());
        long until = System.nanoTime() + duration.toNanos();
        List<String> paths = List.copyOf(latencies.keySet());
        for (int i = 0; System.nanoTime() < until; i++) {
            String path = paths.get(i % paths.size());
            Probe.Answer answer = Probe.get(gateway.port(), path);
            latencies.get(path).add(answer.millis());
            if (answer.status() != 200) {
                failures.add(path + " answered " + answer.status() + " after " + answer.millis() + " ms");
            }
            await().pollDelay(PROBE_EVERY).until(() -> true);
        }
        return latencies;
    }

    private void validateUntilStopped(AppProcess gateway, AtomicBoolean loading, Map<Integer, LongAdder> answers) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(gateway.url("/api/validation/validate")))
                .header("Authorization", "Bearer " + RunningGateway.token("saturating-client", List.of(Scopes.VALIDATION_WRITE)))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(BODY)).build();
        while (loading.get()) {
            int status;
            try {
                status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            } catch (Exception e) {
                status = -1;
            }
            answers.computeIfAbsent(status, s -> new LongAdder()).increment();
        }
    }

    private static long count(Map<Integer, LongAdder> answers, int status) {
        LongAdder adder = answers.get(status);
        return adder == null ? 0 : adder.sum();
    }
}
