package com.rateplatform.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.StringLayout;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.ConfigurationSource;
import org.apache.logging.log4j.core.config.properties.PropertiesConfigurationFactory;
import org.apache.logging.log4j.core.impl.Log4jLogEvent;
import org.apache.logging.log4j.message.SimpleMessage;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The console layouts of the shipped and the test logging configuration mask every message and stack trace. */
class PiiMaskingConverterTest {

    @ParameterizedTest
    @ValueSource(strings = { "/log4j2.properties", "/log4j2-test.properties" })
    void consoleLayoutMasksTheMessageAndTheStackTraceAndPrintsTheTraceOnce(String configFile) throws IOException {
        StringLayout layout = consoleLayout(configFile);
        Log4jLogEvent event = Log4jLogEvent.newBuilder()
                .setLoggerName("org.apache.camel.processor.errorhandler.DefaultErrorHandler")
                .setLevel(Level.ERROR)
                .setMessage(new SimpleMessage("Failed delivery: phone 0912345678"))
                .setThrown(new IllegalStateException("Key (request_id)=(0123456789012) is not present"))
                .build();

        String line = layout.toSerializable(event);

        assertThat(line).contains("phone 091****678", "(012*******012)")
                .doesNotContain("0912345678", "0123456789012");
        assertThat(line.split("IllegalStateException", -1)).hasSize(2);
    }

    private static StringLayout consoleLayout(String configFile) throws IOException {
        try (InputStream in = PiiMaskingConverterTest.class.getResourceAsStream(configFile)) {
            Configuration configuration = new PropertiesConfigurationFactory()
                    .getConfiguration(new LoggerContext(configFile), new ConfigurationSource(in));
            configuration.initialize();
            return (StringLayout) configuration.getAppender("console").getLayout();
        }
    }
}
