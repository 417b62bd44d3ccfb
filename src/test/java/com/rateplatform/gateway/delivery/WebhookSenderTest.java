package com.rateplatform.gateway.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.rateplatform.gateway.support.WebhookReceiver;

/** One attempt against a real receiver on loopback; every outcome becomes an attempt result, never an exception. */
class WebhookSenderTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-22T10:00:00Z"), ZoneOffset.UTC);
    private static final WebhookClient CLIENT = new WebhookClient(Duration.ofSeconds(2), Duration.ofSeconds(2));

    private final WebhookSender sender = new WebhookSender(CLIENT, () -> userId -> Optional.of("s3cret"), url -> null, CLOCK);

    @Test
    void aUrlThePolicyRefusesAtSendTimeIsNotCalledAndIsNotRetried() throws Exception {
        WebhookSender guarded = new WebhookSender(CLIENT, () -> userId -> Optional.of("s3cret"),
                url -> "names a host that is not public (10.0.0.5)", CLOCK);

        AttemptResult result = guarded.send(delivery("https://internal.example/hook", 1));

        assertThat(result.permanent()).isTrue();
        assertThat(result.error()).contains("not public");
    }

    @Test
    void theBodyIsSignedOverTimestampAndBodyWithTheCallersSecret() throws Exception {
        try (WebhookReceiver receiver = WebhookReceiver.answering(200)) {
            AttemptResult result = sender.send(delivery(receiver.url(), 2));

            WebhookReceiver.Received received = receiver.received().get(0);
            assertThat(result.delivered()).isTrue();
            assertThat(result.statusCode()).isEqualTo(200);
            assertThat(received.body()).isEqualTo("{\"request_id\":\"r-1\"}");
            assertThat(received.header("X-Rate-Timestamp")).isEqualTo("1795341600");
            assertThat(received.header("X-Rate-Signature"))
                    .isEqualTo(WebhookSigner.signature("s3cret", 1795341600L, "{\"request_id\":\"r-1\"}"));
            assertThat(received.signedWith("s3cret")).isTrue();
            assertThat(received.header("X-Rate-Delivery-Id")).isEqualTo("01a2014e-28fc-74a5-86c4-836d0937d305");
            assertThat(received.header("X-Rate-Attempt")).isEqualTo("2");
            assertThat(received.header("X-Rate-Event")).isEqualTo("request.completed");
        }
    }

    @Test
    void anAnswerOtherThan2xxIsAFailedAttemptWithItsStatus() throws Exception {
        try (WebhookReceiver receiver = WebhookReceiver.answering(302)) {
            AttemptResult result = sender.send(delivery(receiver.url(), 1));

            assertThat(result.delivered()).isFalse();
            assertThat(result.permanent()).isFalse();
            assertThat(result.statusCode()).isEqualTo(302);
            assertThat(result.error()).isEqualTo("HTTP 302");
        }
    }

    @Test
    void aReceiverThatIsNotListeningIsAFailedAttemptWithoutStatus() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }

        AttemptResult result = sender.send(delivery("http://127.0.0.1:" + closedPort + "/hook", 1));

        assertThat(result.delivered()).isFalse();
        assertThat(result.statusCode()).isNull();
        assertThat(result.error()).contains("ConnectException");
    }

    @Test
    void withoutASecretNothingIsSentAndTheAttemptSaysWhy() throws Exception {
        WebhookSender unsigned = new WebhookSender(CLIENT, () -> userId -> Optional.empty(), url -> null, CLOCK);
        try (WebhookReceiver receiver = WebhookReceiver.answering(200)) {
            AttemptResult result = unsigned.send(delivery(receiver.url(), 1));

            assertThat(result.delivered()).isFalse();
            assertThat(result.error()).isEqualTo("no webhook secret for caller user-7 (set WEBHOOK_SECRET)");
            assertThat(receiver.received()).isEmpty();
        }
    }

    @Test
    void aUrlThatCanNeverWorkFailsForGood() throws IOException, InterruptedException {
        AttemptResult result = sender.send(delivery("ftp://example.com/hook", 1));

        assertThat(result.permanent()).isTrue();
        assertThat(result.error()).isEqualTo("webhook_url must be an http or https URL");
    }

    private static Delivery delivery(String url, int attempt) {
        return new Delivery(UUID.fromString("01a2014e-28fc-74a5-86c4-836d0937d305"), "request", "r-1", "user-7", url,
                "{\"request_id\":\"r-1\"}", attempt);
    }
}
