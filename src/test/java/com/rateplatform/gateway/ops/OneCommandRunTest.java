package com.rateplatform.gateway.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import com.rateplatform.gateway.support.AppProcess;
import com.rateplatform.gateway.support.WebhookReceiver;

/**
 * README's one command, with nothing configured: the process starts embedded Redis and PostgreSQL, takes a request
 * from validation to its status with the development token, and on SIGTERM stops the gateway first and its embedded
 * servers after it, with no error on the way out. Being a development run, it listens on loopback only and signs
 * webhooks with a secret of its own, which it logs beside the token.
 */
@Tag("slow")
class OneCommandRunTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Pattern EMBEDDED_PORT = Pattern.compile("started an embedded (?:Redis|PostgreSQL) on 127\\.0\\.0\\.1:(\\d+)");
    private static final Pattern TOKEN = Pattern.compile("X-API-Token: (rgw_\\S+)");
    private static final Pattern WEBHOOK_SECRET = Pattern.compile("signed with the secret ([0-9a-f]+)");
    private static final Path developmentLog = Path.of("target", "one-command-run", System.nanoTime() + "-development.log");
    private static AppProcess developmentRun;

    private final Path log = Path.of("target", "one-command-run", System.nanoTime() + ".log");

    @Test
    void withNothingConfiguredARequestCompletesAndSigtermStopsEverythingInOrder() throws Exception {
        AppProcess app = AppProcess.launchWithEmbeddedServers(log, Map.of("SHUTDOWN_DRAIN_MS", "500"));
        int exitCode;
        List<Integer> embeddedPorts;
        try {
            app.awaitLive();
            String token = find(TOKEN, Files.readString(log)).get(0);
            embeddedPorts = find(EMBEDDED_PORT, Files.readString(log)).stream().map(Integer::parseInt).toList();

            HttpResponse<String> accepted = HTTP.send(HttpRequest.newBuilder(URI.create(app.url("/api/validation/validate")))
                    .header("X-API-Token", token).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"request_id\": \"one-command\", \"data\": {\"items\": [{\"phone\": \"0912345678\"}]}}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
            await().atMost(Duration.ofSeconds(20)).until(() -> HTTP.send(HttpRequest.newBuilder(
                            URI.create(app.url("/api/validation/status/one-command"))).header("X-API-Token", token).build(),
                    HttpResponse.BodyHandlers.ofString()).body().contains("\"status\":\"success\""));
        } finally {
            exitCode = app.terminate();
        }

        String output = Files.readString(log);
        assertThat(embeddedPorts).hasSize(2);
        assertThat(exitCode).as("exit code after SIGTERM").isIn(0, 143);
        assertThat(output).doesNotContain(" ERROR ").doesNotContain("Cannot reconnect").doesNotContain("Connection refused");
        assertThat(embeddedPorts).allMatch(port -> !listening(port));
    }

    @Test
    void itListensOnLoopbackOnlyAndTheTokensLogLineSaysSo() throws Exception {
        AppProcess app = developmentRun();
        InetAddress networkAddress = nonLoopbackAddress();
        Assumptions.assumeTrue(networkAddress != null, "this machine has no network address besides loopback");

        assertThat(listening(InetAddress.getLoopbackAddress(), app.port())).isTrue();
        assertThat(listening(networkAddress, app.port())).as("reachable on " + networkAddress).isFalse();
        assertThat(Files.readString(developmentLog)).containsPattern("listening on 127\\.0\\.0\\.1 only.*X-API-Token: rgw_");
    }

    @Test
    void aValidateRequestsWebhookArrivesAtALocalReceiverSignedWithTheLoggedSecret() throws Exception {
        AppProcess app = developmentRun();
        String output = Files.readString(developmentLog);
        String token = find(TOKEN, output).get(0);
        String secret = find(WEBHOOK_SECRET, output).get(0);
        try (WebhookReceiver receiver = WebhookReceiver.answering(200)) {
            HttpResponse<String> accepted = HTTP.send(HttpRequest.newBuilder(URI.create(app.url("/api/validation/validate")))
                    .header("X-API-Token", token).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"data\": {\"items\": [{\"phone\": \"0912345678\"}]},"
                                                              + " \"callback_config\": {\"webhook_url\": \"" + receiver.url() + "\"}}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);

            await().atMost(Duration.ofSeconds(30)).until(() -> receiver.received().size() == 1);
            WebhookReceiver.Received delivery = receiver.received().get(0);
            assertThat(delivery.header("X-Rate-Event")).isEqualTo("request.completed");
            assertThat(delivery.signedWith(secret)).isTrue();
        }
    }

    /** One development run shared by the tests of its settings, started by the first of them, stopped after the class. */
    private static synchronized AppProcess developmentRun() throws IOException {
        if (developmentRun == null) {
            // As README's acceptance runs it: nothing configured but plain-http webhooks (a receiver on localhost).
            developmentRun = AppProcess.launchWithEmbeddedServers(developmentLog, Map.of("WEBHOOK_ALLOW_HTTP", "true"));
            developmentRun.awaitLive();
        }
        return developmentRun;
    }

    @AfterAll
    static void stopDevelopmentRun() throws InterruptedException {
        if (developmentRun != null) {
            developmentRun.close();
        }
    }

    /** An IPv4 address of this machine other than loopback, or null. */
    private static InetAddress nonLoopbackAddress() throws SocketException {
        return NetworkInterface.networkInterfaces().flatMap(NetworkInterface::inetAddresses)
                .filter(address -> address instanceof Inet4Address && !address.isLoopbackAddress() && !address.isLinkLocalAddress())
                .findFirst().orElse(null);
    }

    private static List<String> find(Pattern pattern, String text) {
        Matcher matcher = pattern.matcher(text);
        List<String> found = new java.util.ArrayList<>();
        while (matcher.find()) {
            found.add(matcher.group(1));
        }
        return found;
    }

    private static boolean listening(int port) {
        return listening(InetAddress.getLoopbackAddress(), port);
    }

    private static boolean listening(InetAddress address, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
