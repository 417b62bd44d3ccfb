package com.rateplatform.gateway.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import com.rateplatform.gateway.persistence.Database;
import com.rateplatform.gateway.security.Scopes;
import com.rateplatform.gateway.support.AppProcess;
import com.rateplatform.gateway.support.PushClient;
import com.rateplatform.gateway.support.RunningGateway;
import com.rateplatform.gateway.support.SseClient;
import com.rateplatform.gateway.support.TestServers;

/**
 * Whichever gateway holds a client's connection gets the client's results. Two gateway processes and one worker
 * process, each started like production (its own JVM, configured by environment, development tokens on): Alice holds
 * a WebSocket on gateway A; Bob, who reads with Server-Sent Events, holds a stream on gateway B and sends his requests
 * through A (until the HTTP API authenticates callers, a socket is the way a request gets his name); Carol holds a
 * WebSocket on B; anonymous requests come over HTTP to both. Every client gets every result of its own and nothing else.
 */
@Tag("slow")
class PushAcrossGatewaysTest {

    private static final int REQUESTS_EACH = 10;
    private static final String PHONE_REQUEST = "{\"type\": \"validate\", \"ref\": \"%s\", \"data\": {\"items\": [{\"phone\": \"09123456%02d\"}]}}";

    private final String prefix = TestServers.uniquePrefix("push-across");
    private final Path logs = Path.of("target", "push-across-logs");

    @Test
    void aWebSocketClientOnGatewayAAndAnSseClientOnGatewayBEachGetTheirOwnResultsAndNoOneElses() throws Exception {
        migrateTestSchema();
        AppProcess a = AppProcess.launch(logs.resolve("gateway-a.log"), env("gateway", "gateway-a"));
        AppProcess b = AppProcess.launch(logs.resolve("gateway-b.log"), env("gateway", "gateway-b"));
        AppProcess worker = AppProcess.launch(logs.resolve("worker.log"), env("worker", "worker-1"));
        try {
            a.awaitLive();
            b.awaitLive();
            worker.awaitLive();

            try (PushClient alice = PushClient.connect(a.url(""), jwt("alice"), "");
                 PushClient bobSending = PushClient.connect(a.url(""), jwt("bob"), "");
                 SseClient bob = SseClient.connect(b.url("/api/validation/events"), Map.of("Authorization", "Bearer " + jwt("bob")));
                 PushClient carol = PushClient.connect(b.url(""), jwt("carol"), "")) {
                alice.awaitType("ready");
                bobSending.awaitType("ready");
                bob.awaitNamed("ready");
                carol.awaitType("ready");

                List<String> alices = new ArrayList<>();
                List<String> bobs = new ArrayList<>();
                List<String> carols = new ArrayList<>();
                for (int i = 0; i < REQUESTS_EACH; i++) {
                    alices.add(validate(alice, "a" + i, i));
                    bobs.add(validate(bobSending, "b" + i, i));
                    carols.add(validate(carol, "c" + i, i));
                    RunningGateway.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create((i % 2 == 0 ? a : b)
                                    .url("/api/validation/validate"))).header("Content-Type", "application/json")
                            .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"data\": {\"items\": [{\"phone\": \"0912345678\"}]}}")));
                }

                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                    assertThat(requestIds(alice)).containsExactlyInAnyOrderElementsOf(alices);
                    assertThat(bob.named("result")).extracting(e -> e.data().get("request_id").asText())
                            .containsExactlyInAnyOrderElementsOf(bobs);
                    assertThat(requestIds(bobSending)).containsExactlyInAnyOrderElementsOf(bobs);
                    assertThat(requestIds(carol)).containsExactlyInAnyOrderElementsOf(carols);
                });
                assertThat(alice.ofType("result")).allSatisfy(r -> assertThat(r.at("/response/user_id").asText()).isEqualTo("alice"));
                assertThat(bob.named("result")).allSatisfy(e -> {
                    assertThat(e.data().at("/response/user_id").asText()).isEqualTo("bob");
                    assertThat(e.id()).isEqualTo(e.data().get("event_id").asText());
                });
                assertThat(carol.ofType("result")).allSatisfy(r -> assertThat(r.at("/response/user_id").asText()).isEqualTo("carol"));
            }
        } finally {
            AppProcess.stopAll(a, b, worker);
        }
    }

    /** Migrated once here, so that the three processes can start together (none of them migrates). */
    private static void migrateTestSchema() {
        TestServers servers = TestServers.get();
        try (HikariDataSource pool = Database.pool(servers.dbUrl(), servers.dbUser(), servers.dbPassword(), servers.schema(), 2, 3_000)) {
            Database.migrate(pool, servers.schema());
        }
    }

    private Map<String, String> env(String roles, String name) {
        Map<String, String> env = new HashMap<>();
        env.put("ROLES", roles);
        env.put("STREAM_PREFIX", prefix);
        env.put("CONSUMER_NAME", name);
        env.put("DB_MIGRATE", "false");
        env.put("JWT_SECRET", RunningGateway.JWT_SECRET);
        return env;
    }

    private static String jwt(String caller) {
        return RunningGateway.token(caller, List.of(Scopes.VALIDATION_READ, Scopes.VALIDATION_WRITE));
    }

    private static String validate(PushClient client, String ref, int n) {
        client.send(PHONE_REQUEST.formatted(ref, n));
        JsonNode ack = client.await(m -> ref.equals(m.path("ref").asText()));
        assertThat(ack.get("type").asText()).as(ack.toString()).isEqualTo("ack");
        return ack.get("request_id").asText();
    }

    private static List<String> requestIds(PushClient client) {
        return client.ofType("result").stream().map(r -> r.get("request_id").asText()).toList();
    }
}
