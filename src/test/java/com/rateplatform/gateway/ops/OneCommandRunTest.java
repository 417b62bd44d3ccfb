package com.rateplatform.gateway.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
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

import org.junit.jupiter.api.Test;

import com.rateplatform.gateway.support.AppProcess;

/**
 * README's one command, with nothing configured: the process starts embedded Redis and PostgreSQL, takes a request
 * from validation to its status with the development token, and on SIGTERM stops the gateway first and its embedded
 * servers after it, with no error on the way out.
 */
class OneCommandRunTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Pattern EMBEDDED_PORT = Pattern.compile("started an embedded (?:Redis|PostgreSQL) on 127\\.0\\.0\\.1:(\\d+)");
    private static final Pattern TOKEN = Pattern.compile("X-API-Token: (rgw_\\S+)");

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

    private static List<String> find(Pattern pattern, String text) {
        Matcher matcher = pattern.matcher(text);
        List<String> found = new java.util.ArrayList<>();
        while (matcher.find()) {
            found.add(matcher.group(1));
        }
        return found;
    }

    private static boolean listening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
