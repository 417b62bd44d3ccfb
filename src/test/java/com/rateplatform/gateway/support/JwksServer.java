package com.rateplatform.gateway.support;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.sun.net.httpserver.HttpServer;

/**
 * An identity provider's JWKS endpoint on loopback: serves the public halves of the keys it was told to publish, can
 * answer 503 for a while ({@link #failing}) or be down altogether ({@link #stop}, {@link #start} again on the same port),
 * and counts the fetches that reached it.
 */
public final class JwksServer implements AutoCloseable {

    private final int port;
    private final List<JWK> published = new CopyOnWriteArrayList<>();
    private final AtomicInteger fetches = new AtomicInteger();
    private volatile boolean failing;
    private HttpServer server;

    private JwksServer(int port) {
        this.port = port;
    }

    /** A server already answering, publishing the keys. */
    public static JwksServer publishing(RSAKey... keys) {
        JwksServer jwks = notStarted(keys);
        jwks.start();
        return jwks;
    }

    /** A server on a port of its own that nothing listens on until {@link #start}, publishing the keys then. */
    public static JwksServer notStarted(RSAKey... keys) {
        try (ServerSocket socket = new ServerSocket(0)) {
            JwksServer jwks = new JwksServer(socket.getLocalPort());
            for (RSAKey key : keys) {
                jwks.publish(key);
            }
            return jwks;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An RS256 signing key (private, with its public half) with the key id, or none when null. */
    public static RSAKey newKey(String keyId) {
        try {
            return new RSAKeyGenerator(2048).keyID(keyId).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    public String url() {
        return "http://127.0.0.1:" + port + "/jwks";
    }

    /** Serves the key's public half from the next fetch on, beside the others. */
    public void publish(RSAKey key) {
        published.add(key.toPublicJWK());
    }

    /** While true, every fetch is answered 503. */
    public void failing(boolean failing) {
        this.failing = failing;
    }

    /** Fetches that reached this server, answered or not. */
    public int fetches() {
        return fetches.get();
    }

    public synchronized void start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/jwks", exchange -> {
            fetches.incrementAndGet();
            if (failing) {
                exchange.sendResponseHeaders(503, -1);
            } else {
                byte[] body = new JWKSet(published).toString().getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
            exchange.close();
        });
        server.start();
    }

    public synchronized void stop() {
        if (server != null) {
            server.stop(0);
            server = null;
        }
    }

    @Override
    public void close() {
        stop();
    }
}
