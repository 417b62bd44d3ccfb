package com.rateplatform.gateway.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.rateplatform.gateway.support.LogCapture;

/** Where the keys come from: start-up policy, and a key file that changes under a running process. */
class StreamKeysTest {

    private static final Duration NEVER = Duration.ofDays(1);

    @TempDir
    Path dir;

    @Test
    void withoutKeysTheStartStopsNamingBothVariables() {
        assertThatThrownBy(() -> StreamKeys.load("", "", NEVER, false))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("STREAM_ENCRYPTION_KEYS ").hasMessageContaining("STREAM_ENCRYPTION_KEYS_FILE")
                .hasMessageContaining("openssl rand -base64 32");
    }

    @Test
    void withoutKeysOnAnEmbeddedRedisARandomDevelopmentKeyServesAndAWarningSaysSo() {
        try (LogCapture log = LogCapture.of(StreamKeys.class)) {
            KeyRing ring = StreamKeys.load("", "", NEVER, true).current();

            assertThat(ring.sealingKeyId()).startsWith("development-");
            assertThat(log.lines()).anySatisfy(line -> assertThat(line).startsWith("WARN").contains("development key")
                    .contains("random for this run"));
        }
    }

    @Test
    void bothVariablesAtOnceAreRefused() throws Exception {
        Path file = write("k1:" + KeyRingTest.K1);

        assertThatThrownBy(() -> StreamKeys.load("k1:" + KeyRingTest.K1, file.toString(), NEVER, true))
                .hasMessageContaining("not both");
    }

    @Test
    void anInvalidKeyListNamesItsVariable() {
        assertThatThrownBy(() -> StreamKeys.load("k1:abc", "", NEVER, true)).hasMessageStartingWith("STREAM_ENCRYPTION_KEYS: ");
    }

    @Test
    void aRewrittenKeyFileIsInForceOnceTheReloadIntervalHasPassed() throws Exception {
        Path file = write("k1:" + KeyRingTest.K1);
        StreamKeys keys = StreamKeys.load("", file.toString(), Duration.ZERO, false);

        Files.writeString(file, "k2:" + KeyRingTest.K2 + "\nk1:" + KeyRingTest.K1);

        assertThat(keys.current().keyIds()).containsExactly("k2", "k1");
    }

    @Test
    void aRewrittenKeyFileThatDoesNotParseLeavesTheKeysInForceAndLogsAnError() throws Exception {
        Path file = write("k1:" + KeyRingTest.K1);
        StreamKeys keys = StreamKeys.load("", file.toString(), Duration.ZERO, false);
        try (LogCapture log = LogCapture.of(StreamKeys.class)) {
            Files.writeString(file, "k2:half-written");

            assertThat(keys.current().keyIds()).containsExactly("k1");
            assertThat(log.lines()).anySatisfy(line -> assertThat(line).startsWith("ERROR").contains("is not used")
                    .contains("still in force: keys [k1]"));
        }
    }

    @Test
    void aPayloadUnderAKeyIdNotHeldMakesTheFileBeReadAtOnce() throws Exception {
        Path file = write("k1:" + KeyRingTest.K1);
        PayloadCipher reader = new PayloadCipher(StreamKeys.load("", file.toString(), NEVER, false));
        PayloadCipher writer = new PayloadCipher(StreamKeys.fixed(KeyRing.parse("k2:" + KeyRingTest.K2)));
        Sealed sealed = writer.seal("secret".getBytes(StandardCharsets.UTF_8), "r-1", "data");

        Files.writeString(file, "k1:" + KeyRingTest.K1 + ",k2:" + KeyRingTest.K2);

        assertThat(new String(reader.open(sealed, "r-1", "data"), StandardCharsets.UTF_8)).isEqualTo("secret");
    }

    private Path write(String text) throws Exception {
        return Files.writeString(dir.resolve("stream-keys"), text);
    }
}
