package com.rateplatform.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.net.ssl.SSLHandshakeException;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.rateplatform.gateway.support.HaProxy;
import com.rateplatform.gateway.support.TestCertificates;

/**
 * The edge of config/haproxy/haproxy.cfg, run as shipped: TLS with the deployment's certificate, plain HTTP redirected
 * to HTTPS, HSTS, and the backends told the client's address and scheme (never what the client claims). The backends
 * here are two small HTTP servers that answer HAProxy's readiness checks and keep the headers of every request they
 * get; RollingRestartTest runs real gateways behind the same file, over HTTPS.
 */
class TlsProxyTest {

    private static final List<Headers> received = new CopyOnWriteArrayList<>();
    private static final List<HttpServer> backends = new CopyOnWriteArrayList<>();
    @TempDir
    static Path work;
    private static TestCertificates certificates;
    private static HaProxy proxy;

    @BeforeAll
    static void startProxy() throws Exception {
        assumeTrue(HaProxy.installed(), "haproxy is not installed (apt-get install haproxy)");
        certificates = TestCertificates.create(work.resolve("tls"), "TLS proxy test CA");
        String first = startBackend();
        String second = startBackend();
        proxy = HaProxy.start(work, certificates.bundle(), first, second);
        await().atMost(Duration.ofSeconds(10)).until(() -> proxy.servers("gateways").values().stream()
                .allMatch(server -> server.get("status").equals("UP")));
    }

    @AfterAll
    static void stop() throws Exception {
        if (proxy != null) {
            proxy.close();
        }
        backends.forEach(server -> server.stop(0));
    }

    @Test
    void plainHttpIsRedirectedToHttpsOnTheSameHostAndPathKeepingTheMethod() throws IOException {
        int forwardedBefore = received.size();
        String answer = rawHttp(proxy.httpPort(), "POST /api/validation/validate?x=1 HTTP/1.1\r\nHost: rate.example.com\r\n"
                                                  + "Content-Length: 0\r\nConnection: close\r\n\r\n");

        assertThat(answer).startsWith("HTTP/1.1 308").contains("\r\nlocation: https://rate.example.com/api/validation/validate?x=1\r\n");
        assertThat(received).as("requests that reached a backend").hasSize(forwardedBefore);
    }

    @Test
    void theBackendSeesTheClientsAddressAndSchemeNotWhatTheClientClaimsAndTheAnswerCarriesHsts() throws Exception {
        HttpResponse<String> response = trustingClient().send(HttpRequest.newBuilder(URI.create(proxy.httpsUrl("/api/validation/status/x")))
                .header("X-Forwarded-For", "203.0.113.9").header("X-Forwarded-Proto", "http").GET().build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Strict-Transport-Security")).hasValue("max-age=31536000");
        Headers backendSaw = received.get(received.size() - 1);
        assertThat(backendSaw.get("X-forwarded-for")).containsExactly("127.0.0.1");
        assertThat(backendSaw.get("X-forwarded-proto")).containsExactly("https");
    }

    @Test
    void aClientThatDoesNotTrustTheCertificatesAuthorityIsRefused() {
        assertThatThrownBy(() -> HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(proxy.httpsUrl("/api/health"))).build(),
                HttpResponse.BodyHandlers.discarding())).isInstanceOf(SSLHandshakeException.class);
    }

    @Test
    void metricsAreNotServedOnThePublicSide() throws Exception {
        HttpResponse<String> response = trustingClient().send(HttpRequest.newBuilder(URI.create(proxy.httpsUrl("/metrics"))).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(404);
    }

    private static HttpClient trustingClient() throws Exception {
        return HttpClient.newBuilder().sslContext(certificates.clientContext()).build();
    }

    /** A backend answering readiness 200, and every other request 200 after keeping its headers. */
    private static String startBackend() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            if (!exchange.getRequestURI().getPath().equals("/api/health/ready")) {
                received.add(exchange.getRequestHeaders());
            }
            byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        backends.add(server);
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    private static String rawHttp(int port, String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
    }
}
