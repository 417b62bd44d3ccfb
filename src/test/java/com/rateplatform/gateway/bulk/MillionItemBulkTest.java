package com.rateplatform.gateway.bulk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import com.rateplatform.gateway.message.Json;
import com.rateplatform.gateway.security.Scopes;
import com.rateplatform.gateway.support.Console;
import com.rateplatform.gateway.support.GatewayProcess;
import com.rateplatform.gateway.support.NdjsonItems;
import com.rateplatform.gateway.support.RunningGateway;
import com.rateplatform.gateway.support.TestServers;

/**
 * One million NDJSON items through POST /api/importer/bulk into a gateway (both roles) whose JVM has a 256 MiB heap:
 * the body is generated while it is sent, never held by either side. The batch must complete with the right counts;
 * the test prints items/s end to end (first byte sent to the batch completed) and the gateway's peak heap, on the console
 * of the Maven run as well as in its output file ({@link Console}).
 *
 * <p>Tagged {@code bulk} (1 to 1.5 minutes here; {@code -DexcludedTestGroups=benchmark,bulk} leaves it out). Its
 * same-run baseline, the same items through {@code POST /api/importer/import} 1,000 per request, is tagged
 * {@code benchmark}: {@code benchmarks/run-bulk.sh} runs both. {@code -Dbulk.items=N} and {@code -Dbulk.heap=128m}
 * change the count and the heap.
 */
class MillionItemBulkTest {

    private static final int ITEMS = Integer.getInteger("bulk.items", 1_000_000);
    private static final String HEAP = System.getProperty("bulk.heap", "256m");

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final String TOKEN = RunningGateway.token(RunningGateway.CALLER, Scopes.ALL);

    @Test
    @Tag("bulk")
    void aMillionItemsStreamThroughBulkIntoA256MiBGatewayAndTheBatchCompletesWithTheRightCounts() throws Exception {
        try (ChildGateway gateway = ChildGateway.start("bulk-million")) {
            long started = System.nanoTime();
            HttpResponse<String> accepted = HTTP.send(authorized(gateway.uri("/api/importer/bulk"))
                    .header("Content-Type", "application/x-ndjson")
                    .timeout(Duration.ofMinutes(10))
                    .POST(HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(() -> new NdjsonItems(ITEMS)),
                            NdjsonItems.length(ITEMS)))
                    .build(), HttpResponse.BodyHandlers.ofString());
            double acceptedSeconds = (System.nanoTime() - started) / 1e9;
            assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
            JsonNode reply = Json.MAPPER.readTree(accepted.body());
            assertThat(reply.get("items").asLong()).isEqualTo(ITEMS);
            String batchId = reply.get("batch_id").asText();

            JsonNode status = await().atMost(Duration.ofMinutes(15)).pollInterval(Duration.ofMillis(500))
                    .until(() -> Json.MAPPER.readTree(HTTP.send(authorized(gateway.uri("/api/importer/status/" + batchId))
                            .build(), HttpResponse.BodyHandlers.ofString()).body()), s -> s.get("completed_at").isTextual());
            double seconds = (System.nanoTime() - started) / 1e9;

            long errors = ITEMS / NdjsonItems.ERROR_EVERY;
            assertThat(status.get("status").asText()).isEqualTo("partial");
            assertThat(status.get("items").asLong()).isEqualTo(ITEMS);
            assertThat(status.get("done").asLong()).isEqualTo(ITEMS - errors);
            assertThat(status.get("error").asLong()).isEqualTo(errors);
            assertThat(status.get("pending").asLong()).isZero();
            assertThat(status.get("chunks_done").asInt()).isEqualTo(status.get("chunks").asInt());

            Map<String, Long> heap = gateway.stop();
            Console.printf("Bulk import of %,d NDJSON items (%,d bytes) into one gateway+worker JVM with -Xmx%s:%n",
                    ITEMS, NdjsonItems.length(ITEMS), HEAP);
            Console.printf("  202 after %.1f s (intake %,.0f items/s); batch complete after %.1f s: %,.0f items/s end to end%n",
                    acceptedSeconds, ITEMS / acceptedSeconds, seconds, ITEMS / seconds);
            Console.printf("  %d chunks; heap max %,d MiB: peak in use %,d MiB (sampled every 10 ms), old generation peak %,d MiB,"
                              + " in use after a full GC once the batch completed %,d MiB%n",
                    status.get("chunks").asInt(), heap.get("max") >> 20, heap.get("sampled_peak_used") >> 20,
                    heap.getOrDefault("peak G1_Old_Gen", 0L) >> 20, heap.get("used_after_gc") >> 20);
            assertThat(heap.get("max")).as("the gateway ran with -Xmx" + HEAP).isLessThanOrEqualTo(megabytes(HEAP) << 20);
        }
    }

    /** The same items through the existing import endpoint, 1,000 per request, one request after the other. */
    @Test
    @Tag("benchmark")
    void baselineTheSameItemsThroughImportAThousandPerRequest() throws Exception {
        try (ChildGateway gateway = ChildGateway.start("bulk-baseline")) {
            List<String> requestIds = new ArrayList<>();
            long started = System.nanoTime();
            for (int first = 1; first <= ITEMS; first += 1_000) {
                HttpResponse<String> accepted = HTTP.send(authorized(gateway.uri("/api/importer/import"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(importBody(first, Math.min(ITEMS, first + 999)))).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
                requestIds.add(Json.MAPPER.readTree(accepted.body()).get("request_id").asText());
            }
            double acceptedSeconds = (System.nanoTime() - started) / 1e9;
            await().atMost(Duration.ofMinutes(15)).pollInterval(Duration.ofMillis(500)).until(() -> pendingAmong(requestIds) == 0);
            double seconds = (System.nanoTime() - started) / 1e9;

            Console.printf("Baseline: the same %,d items through POST /api/importer/import, %d requests of 1,000:%n",
                    ITEMS, requestIds.size());
            Console.printf("  all accepted after %.1f s (%,.0f items/s); all complete after %.1f s: %,.0f items/s end to end%n",
                    acceptedSeconds, ITEMS / acceptedSeconds, seconds, ITEMS / seconds);
        }
    }

    /** "256m" or "1g" as MiB. */
    private static long megabytes(String size) {
        long number = Long.parseLong(size.substring(0, size.length() - 1));
        return Character.toLowerCase(size.charAt(size.length() - 1)) == 'g' ? number * 1024 : number;
    }

    /** Items {@code first} to {@code last} as one import request body. */
    private static String importBody(int first, int last) {
        StringBuilder body = new StringBuilder("{\"data\": {\"items\": [");
        for (int i = first; i <= last; i++) {
            body.append(i == first ? "" : ",").append(NdjsonItems.line(i).strip());
        }
        return body.append("]}}").toString();
    }

    private static long pendingAmong(List<String> requestIds) throws Exception {
        try (var c = TestServers.get().jdbc(); var ps = c.prepareStatement(
                "SELECT count(*) FROM validation_requests WHERE status = 'pending' AND request_id = ANY (?)")) {
            ps.setArray(1, c.createArrayOf("text", requestIds.toArray()));
            try (var rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static HttpRequest.Builder authorized(URI uri) {
        return HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + TOKEN);
    }

    /** The gateway in a JVM of its own ({@link GatewayProcess}) with the heap under test, on a free port and key prefix. */
    private record ChildGateway(Process process, int port, Path log, String prefix) implements AutoCloseable {

        static ChildGateway start(String name) throws IOException {
            TestServers servers = TestServers.get();
            String prefix = TestServers.uniquePrefix(name);
            int port;
            try (ServerSocket socket = new ServerSocket(0)) {
                port = socket.getLocalPort();
            }
            Path log = Path.of("target", "bulk-gateway-" + port + ".log");
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx" + HEAP, "-cp", System.getProperty("java.class.path"), GatewayProcess.class.getName()));
            Map<String, String> settings = new TreeMap<>(Map.of(
                    "rate.redis.url", servers.redisUrl(),
                    "rate.db.url", servers.dbUrl(),
                    "rate.db.user", servers.dbUser(),
                    "rate.db.password", servers.dbPassword(),
                    "rate.db.schema", servers.schema(),
                    "camel.server.port", Integer.toString(port),
                    "camel.component.redis-stream.key-prefix", prefix));
            // The test's own credentials and limits: it polls the status and, for its baseline, imports 1,000 times.
            settings.put("rate.security.jwt.secret", RunningGateway.JWT_SECRET);
            settings.put("rate.security.rate-limit.importer-write", "1000000/1m");
            settings.put("rate.security.rate-limit.importer-read", "1000000/1m");
            // -Dbulk.set.<key>=<value> passes further settings, e.g. -Dbulk.set.rate.importer.chunk-size=500
            System.getProperties().stringPropertyNames().stream().filter(n -> n.startsWith("bulk.set."))
                    .forEach(n -> settings.put(n.substring("bulk.set.".length()), System.getProperty(n)));
            settings.forEach((key, value) -> command.add(key + "=" + value));
            Files.createDirectories(log.getParent());
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            ChildGateway gateway = new ChildGateway(process, port, log, prefix);
            try {
                await().atMost(Duration.ofMinutes(2)).until(() -> !process.isAlive() || Files.readString(log).contains("READY"));
                assertThat(process.isAlive()).as("gateway process started; see " + log).isTrue();
            } catch (RuntimeException | AssertionError e) {
                gateway.close();
                throw e;
            }
            return gateway;
        }

        URI uri(String path) {
            return URI.create("http://127.0.0.1:" + port + path);
        }

        /** Closes the gateway's input, which stops it; returns the heap figures it prints on the way out. */
        Map<String, Long> stop() throws IOException {
            process.getOutputStream().close();
            await().atMost(Duration.ofMinutes(1)).until(() -> !process.isAlive());
            Map<String, Long> heap = new TreeMap<>();
            for (String line : Files.readAllLines(log)) {
                if (line.startsWith("HEAP ")) {
                    String[] pair = line.substring(5).split("=");
                    heap.put(pair[0], Long.parseLong(pair[1]));
                }
            }
            return heap;
        }

        /** Ends the process if it still runs and removes its Redis keys (the streams hold the whole dataset). */
        @Override
        public void close() {
            process.destroy();
            List<String> keys = TestServers.get().redis().keys(prefix + "*");
            if (!keys.isEmpty()) {
                TestServers.get().redis().del(keys.toArray(new String[0]));
            }
        }
    }
}
