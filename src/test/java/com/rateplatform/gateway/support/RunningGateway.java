package com.rateplatform.gateway.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.apache.camel.CamelContext;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;

import com.rateplatform.gateway.app.GatewayMain;
import com.rateplatform.gateway.security.Scopes;

/**
 * The whole application, started in this JVM the way {@code RateGatewayApplication} starts it, against
 * {@link TestServers}, on a free port and with a Redis key prefix of its own.
 *
 * <p>It accepts HS256 JWTs signed with {@link #JWT_SECRET}; {@link #get} and {@link #postJson} send one for
 * {@link #CALLER} with every scope, {@link #token} mints others. Its streams are sealed with {@link TestKeys#SPEC}
 * (unless the overrides name a key file).
 */
public final class RunningGateway implements AutoCloseable {

    /** The HS256 secret every test gateway trusts. */
    public static final String JWT_SECRET = "test-secret-of-at-least-thirty-two-bytes!";
    /** The caller {@link #get} and {@link #postJson} authenticate as. */
    public static final String CALLER = "test-client";

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final String DEFAULT_TOKEN = token(CALLER, Scopes.ALL);

    private final Main main;
    private final Thread runner;
    private final int port;
    private final String prefix;

    private RunningGateway(Main main, Thread runner, int port, String prefix) {
        this.main = main;
        this.runner = runner;
        this.port = port;
        this.prefix = prefix;
    }

    /** Starts a gateway; {@code overrides} win over application.properties (e.g. "rate.roles"). */
    public static RunningGateway start(String prefix, Map<String, String> overrides) throws Exception {
        return start(prefix, overrides, Map.of());
    }

    /** Starts a gateway with {@code beans} in its registry before any configuration runs (beans that replace defaults). */
    public static RunningGateway start(String prefix, Map<String, String> overrides, Map<String, Object> beans) throws Exception {
        TestServers servers = TestServers.get();
        int port = freePort();
        Map<String, String> props = new HashMap<>();
        props.put("rate.redis.url", servers.redisUrl());
        props.put("rate.db.url", servers.dbUrl());
        props.put("rate.db.user", servers.dbUser());
        props.put("rate.db.password", servers.dbPassword());
        props.put("rate.db.schema", servers.schema());
        props.put("camel.server.port", Integer.toString(port));
        if (!prefix.isEmpty()) {
            // Camel refuses an empty override; no prefix is what application.properties gives anyway.
            props.put("camel.component.redis-stream.key-prefix", prefix);
        }
        // Fast takeover in tests; production waits longer before deciding a consumer is dead.
        props.put("rate.worker.claim-idle-ms", "2000");
        props.put("rate.security.jwt.secret", JWT_SECRET);
        if (!overrides.containsKey("rate.crypto.keys-file")) {
            props.put("rate.crypto.keys", TestKeys.SPEC);
        }
        props.putAll(overrides);
        props.putIfAbsent("rate.shutdown.drain-ms", "0");
        // Gateways of one test JVM share a schema but not a Redis prefix: a reconciler would republish the other tests'
        // pending requests into its own streams. Tests of the reconciler turn it on, in a schema of their own.
        props.putIfAbsent("rate.reconciler.enabled", "false");
        Main main = GatewayMain.create(props);
        beans.forEach(main::bind);
        // Run it as production does (Main.run on its own thread), so a stop goes through the same listeners.
        CountDownLatch started = new CountDownLatch(1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        main.addMainListener(new MainListenerSupport() {
            @Override
            public void afterStart(BaseMainSupport support) {
                started.countDown();
            }
        });
        Thread runner = new Thread(() -> {
            try {
                main.run();
            } catch (Throwable e) {
                failure.set(e);
            } finally {
                started.countDown();
            }
        }, "gateway-" + port);
        runner.start();
        if (!started.await(60, TimeUnit.SECONDS) || failure.get() != null || main.getCamelContext() == null
            || !main.getCamelContext().isStarted()) {
            main.completed();
            throw new IllegalStateException("Gateway did not start", failure.get());
        }
        return new RunningGateway(main, runner, port, prefix);
    }

    public static RunningGateway start(String prefix) throws Exception {
        return start(prefix, Map.of());
    }

    public CamelContext context() {
        return main.getCamelContext();
    }

    public String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    public int port() {
        return port;
    }

    /** Redis key of a stream of this gateway. */
    public String key(String stream) {
        return prefix + stream;
    }

    /** A JWT for the subject with the scopes, valid for an hour, signed with {@link #JWT_SECRET}. */
    public static String token(String subject, List<String> scopes) {
        try {
            return token(new JWSHeader(JWSAlgorithm.HS256), new MACSigner(JWT_SECRET.getBytes(StandardCharsets.UTF_8)), subject, scopes);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A JWT for the subject with the scopes, valid for an hour, signed RS256 with the private key, its kid in the header. */
    public static String token(RSAKey key, String subject, List<String> scopes) {
        try {
            return token(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), new RSASSASigner(key), subject, scopes);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String token(JWSHeader header, JWSSigner signer, String subject, List<String> scopes) throws JOSEException {
        JWTClaimsSet claims = new JWTClaimsSet.Builder().subject(subject).claim("scope", String.join(" ", scopes))
                .expirationTime(Date.from(Instant.now().plus(Duration.ofHours(1)))).build();
        SignedJWT jwt = new SignedJWT(header, claims);
        jwt.sign(signer);
        return jwt.serialize();
    }

    /** GET as {@link #CALLER}. */
    public HttpResponse<String> get(String path) {
        return send(request(path).GET());
    }

    /** POST of a JSON body as {@link #CALLER}. */
    public HttpResponse<String> postJson(String path, String json) {
        return postJson(path, json, DEFAULT_TOKEN);
    }

    /** POST of a JSON body with the bearer token. */
    public HttpResponse<String> postJson(String path, String json, String bearerToken) {
        return send(unauthenticated(path).header("Authorization", "Bearer " + bearerToken).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    /** A request to this gateway carrying {@link #CALLER}'s token; add to it, then {@link #send} it. */
    public HttpRequest.Builder request(String path) {
        return unauthenticated(path).header("Authorization", "Bearer " + DEFAULT_TOKEN);
    }

    /** A request to this gateway without credentials. */
    public HttpRequest.Builder unauthenticated(String path) {
        return HttpRequest.newBuilder(URI.create(url(path)));
    }

    public static HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return HTTP.send(request.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Begins a graceful stop, as SIGTERM does, without waiting for it. */
    public void stopAsync() {
        main.completed();
    }

    @Override
    public void close() {
        main.completed();
        try {
            runner.join(60_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
