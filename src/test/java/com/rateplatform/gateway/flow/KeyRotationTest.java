package com.rateplatform.gateway.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.rateplatform.gateway.crypto.StreamKeys;
import com.rateplatform.gateway.message.Json;
import com.rateplatform.gateway.support.Console;
import com.rateplatform.gateway.support.RunningGateway;
import com.rateplatform.gateway.support.TestServers;

/**
 * Issue 17: a stream key rotates under load with no restart and nothing lost. A gateway and a worker read one key file;
 * while a client keeps sending, the file goes through the documented steps (docs/Security.md, Rotating a key) — add k2,
 * make k2 the sealing key, drain, retire k1 — and every request accepted completes. The worker's readers are stopped
 * across the switch, so requests sealed under k1 are still waiting when it happens and are processed after it.
 */
@Tag("slow")
class KeyRotationTest {

    private static final String K1 = "k1:" + randomKey();
    private static final String K2 = "k2:" + randomKey();

    @TempDir
    Path dir;

    private final List<String> accepted = new CopyOnWriteArrayList<>();
    private final AtomicInteger refused = new AtomicInteger();

    @Test
    void everyRequestCompletesThroughAddSwitchDrainAndRetireAndThoseSealedBeforeTheSwitchAreProcessedAfterIt() throws Exception {
        Path keyFile = Files.writeString(dir.resolve("stream-keys"), K1);
        String prefix = TestServers.uniquePrefix("rotation");
        Map<String, String> settings = Map.of("rate.crypto.keys-file", keyFile.toString(), "rate.crypto.keys-reload-ms", "200",
                "rate.security.rate-limit.validation-write", "100000/1m");
        ScheduledExecutorService client = Executors.newSingleThreadScheduledExecutor();
        try (RunningGateway gateway = RunningGateway.start(prefix, with(settings, "gateway"));
             RunningGateway worker = RunningGateway.start(prefix, with(settings, "worker"))) {
            client.scheduleAtFixedRate(() -> send(gateway), 0, 20, TimeUnit.MILLISECONDS);
            awaitMoreAccepted(50);
            int beforeAdd = accepted.size();

            worker.context().getRouteController().stopRoute("validator");
            worker.context().getRouteController().stopRoute("validator-high");
            awaitMoreAccepted(50);
            Files.writeString(keyFile, K1 + "\n" + K2);                                       // 1. add k2
            awaitKeys(List.of("k1", "k2"), gateway, worker);
            Files.writeString(keyFile, K2 + "\n" + K1);                                       // 2. switch: k2 seals
            awaitKeys(List.of("k2", "k1"), gateway, worker);
            List<String> sealedUnderK1 = List.copyOf(accepted);
            long waitingAtSwitch = notSucceeded(sealedUnderK1);
            worker.context().getRouteController().startRoute("validator");
            worker.context().getRouteController().startRoute("validator-high");
            awaitMoreAccepted(50);
            await().atMost(Duration.ofSeconds(60)).until(() -> notSucceeded(sealedUnderK1) == 0); // 3. drain
            Files.writeString(keyFile, K2);                                                   // 4. retire k1
            awaitKeys(List.of("k2"), gateway, worker);
            awaitMoreAccepted(50);
            client.shutdown();
            assertThat(client.awaitTermination(20, TimeUnit.SECONDS)).isTrue();

            List<String> all = List.copyOf(accepted);
            await().atMost(Duration.ofSeconds(60)).until(() -> notSucceeded(all) == 0);
            long deadLetters = TestServers.get().redis().xlen(prefix + "validation_dlq");
            Console.printf("Key rotation under load: %d requests accepted (%d before the worker paused), %d refused;"
                           + " %d sealed under k1 were waiting when k2 became the sealing key; every one completed,"
                           + " %d dead letters", all.size(), beforeAdd, refused.get(), waitingAtSwitch, deadLetters);

            assertThat(refused.get()).isZero();
            assertThat(waitingAtSwitch).isPositive();
            assertThat(notSucceeded(all)).isZero();
            assertThat(deadLetters).isZero();
        } finally {
            client.shutdownNow();
        }
    }

    private void send(RunningGateway gateway) {
        HttpResponse<String> response = gateway.postJson("/api/validation/validate", """
                {"data": {"items": [{"name": "Nguyễn Văn An", "phone": "0912345678"}, {"bank_account": "0011001234567", "bank_code": "VCB"}]}}""");
        if (response.statusCode() == 202) {
            accepted.add(Json.read(response.body(), Map.class).get("request_id").toString());
        } else {
            refused.incrementAndGet();
        }
    }

    private void awaitMoreAccepted(int more) {
        int target = accepted.size() + more;
        await().atMost(Duration.ofSeconds(60)).until(() -> accepted.size() >= target);
    }

    /** Until both processes have read the key file as it now is. */
    private static void awaitKeys(List<String> keyIds, RunningGateway... processes) {
        for (RunningGateway process : processes) {
            StreamKeys keys = process.context().getRegistry().lookupByNameAndType("streamKeys", StreamKeys.class);
            await().atMost(Duration.ofSeconds(10)).until(() -> keys.current().keyIds().equals(keyIds));
        }
    }

    private static long notSucceeded(List<String> requestIds) throws Exception {
        return requestIds.size() - TestServers.get().count(
                "SELECT count(*) FROM validation_requests WHERE request_id = ANY (?) AND status = 'success'", new ArrayList<>(requestIds));
    }

    private static Map<String, String> with(Map<String, String> settings, String role) {
        Map<String, String> all = new java.util.HashMap<>(settings);
        all.put("rate.roles", role);
        return all;
    }

    private static String randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }
}
