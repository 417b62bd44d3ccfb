package com.rateplatform.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Layout;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.rateplatform.gateway.message.Json;
import com.rateplatform.gateway.message.ResponseMessage;
import com.rateplatform.gateway.support.RunningGateway;
import com.rateplatform.gateway.support.TestKeys;
import com.rateplatform.gateway.support.TestServers;

/**
 * A full run — start, requests carrying phone and account numbers, a poison entry dead-lettered, a response that
 * fails in PostgreSQL and is logged by Camel's own error handler, stop — with every log line captured through the
 * configured console layout, at INFO for Camel and DEBUG for the gateway: no phone or account number appears unmasked.
 */
class LogMaskingTest {

    private static final String PHONE = "0912345678";
    private static final String SPACED_PHONE = "+84 912 345 679";
    private static final String ACCOUNT = "0123456789012";
    private static final String POISON_PHONE = "0987654321";
    private static final String UNKNOWN_REQUEST_PHONE = "0911222333";

    private static final Queue<String> lines = new ConcurrentLinkedQueue<>();
    private static Capture capture;

    @BeforeAll
    static void fullRun() throws Exception {
        startCapturing();
        String prefix = TestServers.uniquePrefix("masking");
        try (RunningGateway gateway = RunningGateway.start(prefix)) {
            String validated = requestId(gateway.postJson("/api/validation/validate", Json.write(Map.of("data", Map.of("items",
                    List.of(Map.of("name", "Nguyễn Văn An", "phone", PHONE), Map.of("phone", SPACED_PHONE)))))).body());
            String imported = requestId(gateway.postJson("/api/importer/import", Json.write(Map.of("data", Map.of("items",
                    List.of(Map.of("bank_account", ACCOUNT, "bank_code", "VCB")))))).body());
            gateway.postJson("/api/validation/validate", "{\"data\": {\"items\": [{\"phone\": " + PHONE + "}]}}");
            TestServers.get().redis().xadd(gateway.key("validation_requests"),
                    Map.of("data", "{\"request_id\": \"poison-1\", \"data\": \"" + POISON_PHONE + "\"}"));
            TestServers.get().redis().xadd(gateway.key("extension_responses"), Map.of("data", TestKeys.codec().encodeResponse(
                    new ResponseMessage(UNKNOWN_REQUEST_PHONE, "success", List.of(), 1, "2026-11-22T10:00:00Z", null))));

            await().atMost(Duration.ofSeconds(20)).until(() -> finished(gateway, "/api/validation/status/" + validated)
                                                               && finished(gateway, "/api/importer/status/" + imported));
            await().atMost(Duration.ofSeconds(20)).until(() -> TestServers.get().redis().exists(gateway.key("validation_dlq")) == 1
                                                               && captured().contains("validation_responses"));
        } finally {
            stopCapturing();
        }
    }

    @AfterAll
    static void clear() {
        lines.clear();
    }

    @Test
    void theRunLoggedLinesThatCarriedNumbersAndMaskedThem() {
        assertThat(captured()).contains("098****321", "091****333");
    }

    @Test
    void noPhoneOrAccountNumberAppearsUnmasked() {
        assertThat(captured()).doesNotContain(PHONE, "912 345 679", ACCOUNT, POISON_PHONE, UNKNOWN_REQUEST_PHONE);
    }

    @Test
    void camelsOwnErrorHandlerWasAmongTheMaskedLines() {
        assertThat(lines).anySatisfy(line -> assertThat(line).contains("DefaultErrorHandler").contains("091****333"));
    }

    private static boolean finished(RunningGateway gateway, String path) {
        return !Json.read(gateway.get(path).body(), Map.class).get("status").equals("processing");
    }

    private static String requestId(String body) {
        return Json.read(body, Map.class).get("request_id").toString();
    }

    private static String captured() {
        return String.join("", lines);
    }

    private static void startCapturing() {
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        Configuration configuration = context.getConfiguration();
        capture = new Capture(configuration.getAppender("console").getLayout());
        capture.start();
        configuration.addAppender(capture);
        configuration.getRootLogger().addAppender(capture, Level.ALL, null);
        configuration.getLoggerConfig("org.apache.camel").setLevel(Level.INFO);
        configuration.addLogger("com.rateplatform", new LoggerConfig("com.rateplatform", Level.DEBUG, true));
        context.updateLoggers();
    }

    private static void stopCapturing() {
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        Configuration configuration = context.getConfiguration();
        configuration.getRootLogger().removeAppender(capture.getName());
        configuration.getLoggerConfig("org.apache.camel").setLevel(Level.WARN);
        configuration.removeLogger("com.rateplatform");
        context.updateLoggers();
        capture.stop();
    }

    /** Keeps every line as the console layout renders it. */
    private static final class Capture extends AbstractAppender {

        Capture(Layout<?> layout) {
            super("capture", null, layout, true, Property.EMPTY_ARRAY);
        }

        @Override
        public void append(LogEvent event) {
            lines.add(getLayout().toSerializable(event).toString());
        }
    }
}
