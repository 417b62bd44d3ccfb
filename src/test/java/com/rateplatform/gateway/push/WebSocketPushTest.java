package com.rateplatform.gateway.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import com.rateplatform.gateway.message.Json;
import com.rateplatform.gateway.security.Scopes;
import com.rateplatform.gateway.support.PushClient;
import com.rateplatform.gateway.support.RunningGateway;
import com.rateplatform.gateway.support.TestServers;
import com.rateplatform.gateway.support.TestTokens;

/** {@code /api/validation/ws}: authentication, requests over the socket, own results only, resumption, heartbeats, limits. */
@Tag("slow")
class WebSocketPushTest {

    private static final String PHONE_REQUEST = "{\"type\": \"validate\", \"ref\": %s, \"data\": {\"items\": [{\"phone\": \"0912345678\"}]}}";

    private static RunningGateway gateway;
    private static PushHub hub;

    @BeforeAll
    static void start() throws Exception {
        gateway = RunningGateway.start(TestServers.uniquePrefix("ws"), Map.of(
                        "rate.push.heartbeat-interval-ms", "300",
                        "rate.push.heartbeat-missed-max", "2",
                        "rate.push.max-connections-per-caller", "3"));
        hub = gateway.context().getRegistry().lookupByNameAndType("pushHub", PushHub.class);
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @Test
    void aClientGetsReadyThenTheAckAndTheResultOfARequestItSentOverTheSocket() {
        try (PushClient alice = PushClient.connect(gateway.url(""), TestTokens.of("alice"), "")) {
            JsonNode ready = alice.awaitType("ready");
            assertThat(ready.get("caller").asText()).isEqualTo("alice");
            assertThat(ready.get("event_id").asText()).matches("\\d+-\\d+");

            alice.send(PHONE_REQUEST.formatted("\"first\""));

            JsonNode ack = alice.await(m -> "ack".equals(m.path("type").asText()));
            assertThat(ack.get("ref").asText()).isEqualTo("first");
            assertThat(ack.get("status").asText()).isEqualTo("processing");
            JsonNode result = awaitResult(alice, ack.get("request_id").asText());
            assertThat(result.get("event_id").asText()).matches("\\d+-\\d+");
            assertThat(result.at("/response/status").asText()).isEqualTo("success");
            assertThat(result.at("/response/user_id").asText()).isEqualTo("alice");
            assertThat(result.at("/response/results/0/verdict").asText()).isEqualTo("DONE");
        }
    }

    @Test
    void aClientReceivesTheResultsOfItsOwnRequestsAndNoOneElses() {
        try (PushClient alice = PushClient.connect(gateway.url(""), TestTokens.of("alice"), "");
             PushClient bob = PushClient.connect(gateway.url(""), TestTokens.of("bob"), "")) {
            alice.awaitType("ready");
            bob.awaitType("ready");
            List<String> alicesRequests = new ArrayList<>();
            List<String> bobsRequests = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                alicesRequests.add(sendAndAwaitAck(alice, "a" + i));
                bobsRequests.add(sendAndAwaitAck(bob, "b" + i));
            }
            String anonymous = Json.read(gateway.postJson("/api/validation/validate",
                    "{\"data\": {\"items\": [{\"phone\": \"0912345678\"}]}}").body(), JsonNode.class).get("request_id").asText();

            alicesRequests.forEach(id -> awaitResult(alice, id));
            bobsRequests.forEach(id -> awaitResult(bob, id));
            awaitStatus(RunningGateway.CALLER, anonymous);

            assertThat(alice.ofType("result")).extracting(m -> m.get("request_id").asText())
                    .containsExactlyInAnyOrderElementsOf(alicesRequests);
            assertThat(bob.ofType("result")).extracting(m -> m.get("request_id").asText())
                    .containsExactlyInAnyOrderElementsOf(bobsRequests);
        }
    }

    @Test
    void aClientThatLeftBeforeItsResultArrivedFetchesItByStatus() {
        String requestId;
        try (PushClient alice = PushClient.connect(gateway.url(""), TestTokens.of("alice"), "")) {
            alice.awaitType("ready");
            requestId = sendAndAwaitAck(alice, "gone");
        }

        assertThat(awaitStatus("alice", requestId).get("status").asText()).isEqualTo("success");
    }

    @Test
    void resultsPublishedWhileAClientWasAwayArriveOnConnectWithSince() {
        String since;
        String requestId;
        try (PushClient erin = PushClient.connect(gateway.url(""), TestTokens.of("erin"), "")) {
            since = erin.awaitType("ready").get("event_id").asText();
            requestId = sendAndAwaitAck(erin, "away");
        }
        awaitStatus("erin", requestId);

        try (PushClient erin = PushClient.connect(gateway.url(""), TestTokens.of("erin"), "?since=" + since)) {
            JsonNode result = awaitResult(erin, requestId);

            assertThat(erin.messages().get(0).get("type").asText()).isEqualTo("ready");
            assertThat(erin.messages().get(0).get("event_id").asText()).isEqualTo(since);
            assertThat(result.at("/response/user_id").asText()).isEqualTo("erin");
            assertThat(erin.ofType("result")).hasSize(1);
        }
    }

    @Test
    void aResumeMessageSendsTheResultsAfterTheGivenEventAgain() {
        try (PushClient frank = PushClient.connect(gateway.url(""), TestTokens.of("frank"), "")) {
            String since = frank.awaitType("ready").get("event_id").asText();
            String requestId = sendAndAwaitAck(frank, "once");
            awaitResult(frank, requestId);

            frank.send("{\"type\": \"resume\", \"since\": \"" + since + "\"}");

            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(frank.ofType("result"))
                    .extracting(m -> m.get("request_id").asText()).containsExactly(requestId, requestId));
        }
    }

    @Test
    void aResumeFromAnEventTheStreamNoLongerHoldsWarnsThatResultsMayBeMissing() {
        try (PushClient grace = PushClient.connect(gateway.url(""), TestTokens.of("grace"), "?since=1-0")) {
            JsonNode warning = grace.awaitType("error");

            assertThat(warning.get("code").asText()).isEqualTo("RESUME_INCOMPLETE");
            assertThat(grace.messages().get(0).get("type").asText()).isEqualTo("ready");
        }
    }

    @Test
    void aTokenOfferedAsSubprotocolIsAcceptedAndTheHandshakeSelectsBearerNotTheToken() {
        try (PushClient heidi = PushClient.connect(gateway.url("/api/validation/ws"), Map.of(),
                List.of("bearer", TestTokens.of("heidi")), m -> { })) {
            assertThat(heidi.awaitType("ready").get("caller").asText()).isEqualTo("heidi");
            assertThat(heidi.subprotocol()).isEqualTo("bearer");
        }
    }

    @Test
    void aTokenInTheAccessTokenParameterIsAccepted() {
        try (PushClient ivan = PushClient.connect(gateway.url("/api/validation/ws?access_token=" + TestTokens.of("ivan")),
                Map.of(), List.of(), m -> { })) {
            assertThat(ivan.awaitType("ready").get("caller").asText()).isEqualTo("ivan");
        }
    }

    @Test
    void aHandshakeWithoutATokenOrWithAnUnknownOneIsRefusedWith401() {
        String url = gateway.url("/api/validation/ws");

        assertThat(PushClient.refusal(url, Map.of())).isEqualTo(401);
        assertThat(PushClient.refusal(url, Map.of("Authorization", "Bearer not-a-token"))).isEqualTo(401);
        assertThat(PushClient.refusal(url + "?since=yesterday", Map.of("Authorization", "Bearer " + TestTokens.of("judy"))))
                .isEqualTo(400);
    }

    @Test
    void aCallerHoldsAtMostTheConfiguredNumberOfConnections() {
        String url = gateway.url("/api/validation/ws");
        Map<String, String> karl = Map.of("Authorization", "Bearer " + TestTokens.of("karl"));
        List<PushClient> open = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                open.add(PushClient.connect(url, karl, List.of(), m -> { }));
            }

            assertThat(PushClient.refusal(url, karl)).isEqualTo(429);

            open.remove(0).close();
            await().atMost(Duration.ofSeconds(5)).until(() -> hub.connections("karl") == 2);
            open.add(PushClient.connect(url, karl, List.of(), m -> { }));
            assertThat(hub.connections("karl")).isEqualTo(3);
        } finally {
            open.forEach(PushClient::close);
        }
    }

    @Test
    void aMessageThatIsNotAValidRequestIsAnsweredWithAnErrorNamingTheFieldAndTheRef() {
        try (PushClient laura = PushClient.connect(gateway.url(""), TestTokens.of("laura"), "")) {
            laura.awaitType("ready");

            laura.send("{\"type\": \"validate\", \"ref\": \"r1\", \"data\": {\"items\": [{\"phone\": 912345678}]}}");
            laura.send("{\"type\": \"subscribe\", \"ref\": \"r2\"}");
            laura.send("not json");

            JsonNode invalid = laura.await(m -> "r1".equals(m.path("ref").asText()));
            assertThat(invalid.get("type").asText()).isEqualTo("error");
            assertThat(invalid.get("code").asText()).isEqualTo("INVALID_TYPE");
            assertThat(invalid.get("field").asText()).isEqualTo("data.items[0].phone");
            assertThat(laura.await(m -> "r2".equals(m.path("ref").asText())).get("field").asText()).isEqualTo("type");
            assertThat(laura.await(m -> "MALFORMED_JSON".equals(m.path("code").asText()))).isNotNull();
        }
    }

    @Test
    void aPingIsAnsweredWithAPongCarryingItsRef() {
        try (PushClient mike = PushClient.connect(gateway.url(""), TestTokens.of("mike"), "")) {
            mike.send("{\"type\": \"ping\", \"ref\": 7}");

            assertThat(mike.awaitType("pong").get("ref").asInt()).isEqualTo(7);
        }
    }

    @Test
    void aLiveClientGetsHeartbeatPingsAndStaysConnected() {
        try (PushClient nina = PushClient.connect(gateway.url(""), TestTokens.of("nina"), "")) {
            await().atMost(Duration.ofSeconds(10)).until(() -> nina.ofType("ping").size() >= 5);

            assertThat(nina.closed()).isNotDone();
            assertThat(hub.connections("nina")).isEqualTo(1);
        }
    }

    @Test
    void aClientThatStopsAnsweringHeartbeatsIsDisconnected() throws IOException {
        try (Socket silent = new Socket("127.0.0.1", gateway.port())) {
            silent.getOutputStream().write(("GET /api/validation/ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                                            + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                                            + "Sec-WebSocket-Version: 13\r\nAuthorization: Bearer " + TestTokens.of("oscar")
                                            + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            assertThat(readHead(silent.getInputStream())).startsWith("HTTP/1.1 101");
            await().atMost(Duration.ofSeconds(5)).until(() -> hub.connections("oscar") == 1);

            // It reads nothing and answers no ping: after two missed heartbeats the gateway lets it go.
            await().atMost(Duration.ofSeconds(5)).until(() -> hub.connections("oscar") == 0);
            silent.setSoTimeout(15_000);
            assertThat(opcodesUntilClose(new DataInputStream(silent.getInputStream()))).endsWith(0x8).contains(0x9);
        }
    }

    @Test
    void theDemoPageIsOffUnlessEnabled() {
        assertThat(gateway.get("/demo/").statusCode()).isEqualTo(404);
    }

    private static String sendAndAwaitAck(PushClient client, String ref) {
        client.send(PHONE_REQUEST.formatted("\"" + ref + "\""));
        JsonNode ack = client.await(m -> ref.equals(m.path("ref").asText()));
        assertThat(ack.get("type").asText()).as(ack.toString()).isEqualTo("ack");
        return ack.get("request_id").asText();
    }

    /** The status as its caller sees it (another caller's request is a 404). */
    private static JsonNode awaitStatus(String caller, String requestId) {
        String token = RunningGateway.CALLER.equals(caller) ? RunningGateway.token(caller, Scopes.ALL) : TestTokens.of(caller);
        return await().atMost(Duration.ofSeconds(20)).until(
                () -> Json.read(RunningGateway.send(gateway.unauthenticated("/api/validation/status/" + requestId)
                        .header("Authorization", "Bearer " + token)).body(), JsonNode.class),
                body -> !"processing".equals(body.path("status").asText()));
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.write(b);
        }
        return head.toString(StandardCharsets.US_ASCII);
    }

    /** The opcodes of the frames the server sent, up to its close frame (8); 9 is a ping. */
    private static List<Integer> opcodesUntilClose(DataInputStream in) throws IOException {
        List<Integer> opcodes = new ArrayList<>();
        while (opcodes.isEmpty() || opcodes.get(opcodes.size() - 1) != 0x8) {
            int opcode = in.readUnsignedByte() & 0x0f;
            int length = in.readUnsignedByte() & 0x7f;
            long size = length == 126 ? in.readUnsignedShort() : length == 127 ? in.readLong() : length;
            in.skipNBytes(size);
            opcodes.add(opcode);
        }
        return opcodes;
    }

    private static JsonNode awaitResult(PushClient client, String requestId) {
        return client.await(m -> "result".equals(m.path("type").asText()) && requestId.equals(m.path("request_id").asText()));
    }
}
