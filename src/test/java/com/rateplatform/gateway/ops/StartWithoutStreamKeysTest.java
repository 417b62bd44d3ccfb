package com.rateplatform.gateway.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.rateplatform.gateway.support.AppProcess;

/** Outside the one-command run, stream encryption keys are required: without them the process stops at start. */
class StartWithoutStreamKeysTest {

    @Test
    void onConfiguredServersWithoutKeysTheApplicationDoesNotStartAndNamesTheVariables() throws Exception {
        Path log = Path.of("target", "start-without-keys", System.nanoTime() + ".log");
        AppProcess app = AppProcess.launch(log, Map.of("STREAM_ENCRYPTION_KEYS", ""));

        int exitCode = app.awaitExit();

        assertThat(exitCode).isNotZero();
        assertThat(Files.readString(log)).contains("No stream encryption keys: set STREAM_ENCRYPTION_KEYS",
                "or STREAM_ENCRYPTION_KEYS_FILE");
    }
}
