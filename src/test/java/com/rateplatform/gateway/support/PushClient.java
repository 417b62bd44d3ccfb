package com.rateplatform.gateway.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import org.awaitility.Awaitility;

import com.rateplatform.gateway.message.Json;

/** A WebSocket client of {@code /api/validation/ws} (the JDK's), keeping every JSON message it receives, in order. */
public final class PushClient implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final List<JsonNode> received = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final Consumer<JsonNode> onMessage;
    private WebSocket socket;

    private PushClient(Consumer<JsonNode> onMessage) {
        this.onMessage = onMessage;
    }

    /** Connects with the token in the Authorization header; {@code query} (may be empty) is appended to the path. */
    public static PushClient connect(String baseUrl, String token, String query) {
        return connect(baseUrl + "/api/validation/ws" + query, Map.of("Authorization", "Bearer " + token), List.of(), m -> { });
    }

    /**
     * @param headers      handshake headers
     * @param subprotocols offered subprotocols, e.g. ["bearer", token]
     * @param onMessage    called on the client's thread for each message, as it arrives (after it is kept)
     */
    public static PushClient connect(String wsUrl, Map<String, String> headers, List<String> subprotocols, Consumer<JsonNode> onMessage) {
        return connect(HTTP, wsUrl, headers, subprotocols, onMessage);
    }

    /** {@link #connect(String, Map, List, Consumer)} through a client of the caller's ({@code wss://} with its own trust). */
    public static PushClient connect(HttpClient http, String wsUrl, Map<String, String> headers, List<String> subprotocols,
                                     Consumer<JsonNode> onMessage) {
        PushClient client = new PushClient(onMessage);
        WebSocket.Builder builder = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
        headers.forEach(builder::header);
        if (!subprotocols.isEmpty()) {
            builder.subprotocols(subprotocols.get(0), subprotocols.subList(1, subprotocols.size()).toArray(new String[0]));
        }
        client.socket = builder.buildAsync(URI.create(wsUrl.replaceFirst("^http", "ws")), client.new Listener())
                .orTimeout(10, TimeUnit.SECONDS).join();
        return client;
    }

    /** The HTTP status a refused handshake was answered with. */
    public static int refusal(String wsUrl, Map<String, String> headers) {
        try {
            connect(wsUrl, headers, List.of(), m -> { }).close();
            throw new AssertionError("the handshake was accepted");
        } catch (CompletionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException refused) {
                return refused.getResponse().statusCode();
            }
            throw e;
        }
    }

    public String subprotocol() {
        return socket.getSubprotocol();
    }

    /** Sends one text message (one at a time: the JDK allows no overlapping sends). */
    public synchronized void send(String json) {
        socket.sendText(json, true).join();
    }

    public List<JsonNode> messages() {
        return List.copyOf(received);
    }

    public List<JsonNode> ofType(String type) {
        return received.stream().filter(m -> type.equals(m.path("type").asText())).toList();
    }

    /** Waits for the first message (received so far or later) that matches. */
    public JsonNode await(Predicate<JsonNode> matching) {
        return Awaitility.await().atMost(Duration.ofSeconds(20)).until(
                () -> received.stream().filter(matching).findFirst().orElse(null), m -> m != null);
    }

    public JsonNode awaitType(String type) {
        return await(m -> type.equals(m.path("type").asText()));
    }

    /** The close code the server sent, once it closed the connection. */
    public CompletableFuture<Integer> closed() {
        return closed;
    }

    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").orTimeout(5, TimeUnit.SECONDS).exceptionally(e -> null).join();
        }
        socket.abort();
    }

    private final class Listener implements WebSocket.Listener {

        private final StringBuilder text = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                JsonNode message = Json.read(text.toString(), JsonNode.class);
                text.setLength(0);
                received.add(message);
                onMessage.accept(message);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.completeExceptionally(error);
        }
    }
}
