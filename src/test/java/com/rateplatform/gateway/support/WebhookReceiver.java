package com.rateplatform.gateway.support;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.sun.net.httpserver.HttpServer;

/**
 * A webhook receiver on loopback, as a customer would run one: it answers the n-th POST with the n-th scripted
 * status (the last one repeats) and keeps every request it got. Signatures are checked the way docs/Webhook-Receivers.md
 * tells receivers to, independently of the gateway's signing code.
 */
public final class WebhookReceiver implements AutoCloseable {

    /** One request as received, and the status it was answered with. Header names are lower case. */
    public record Received(Instant at, Map<String, String> headers, String body, int answered) {

        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        /** HMAC-SHA256 of "timestamp.body" under the secret, as X-Rate-Signature claims. */
        public boolean signedWith(String secret) {
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
                byte[] expected = mac.doFinal((header("X-Rate-Timestamp") + "." + body).getBytes(StandardCharsets.UTF_8));
                return ("sha256=" + HexFormat.of().formatHex(expected)).equals(header("X-Rate-Signature"));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private final HttpServer server;
    private final int[] script;
    private final AtomicInteger calls = new AtomicInteger();
    private final List<Received> received = new CopyOnWriteArrayList<>();

    private WebhookReceiver(int[] script) throws IOException {
        this.script = script;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/hook", exchange -> {
            int status = script[Math.min(calls.getAndIncrement(), script.length - 1)];
            Map<String, String> headers = new TreeMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), values.get(0)));
            String body;
            try (InputStream in = exchange.getRequestBody()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            received.add(new Received(Instant.now(), headers, body, status));
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
    }

    /** Answers the first request with the first status, the second with the second, and so on; then the last again. */
    public static WebhookReceiver answering(int... statuses) throws IOException {
        return new WebhookReceiver(statuses.clone());
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
