package com.rateplatform.gateway.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;

import org.junit.jupiter.api.Test;

/** The key list format: kid:base64, the first seals, errors that never show key material. */
class KeyRingTest {

    static final String K1 = key('1');
    static final String K2 = key('2');

    @Test
    void keysAreTakenInListedOrderAndTheFirstSeals() {
        KeyRing ring = KeyRing.parse("k2:" + K2 + ", k1:" + K1);

        assertThat(ring.keyIds()).containsExactly("k2", "k1");
        assertThat(ring.sealingKeyId()).isEqualTo("k2");
    }

    @Test
    void aFileMayListKeysOnLinesWithComments() {
        KeyRing ring = KeyRing.parse("# rotated 2026-12\nk2:" + K2 + "   # sealing\n\nk1:" + K1 + "\n");

        assertThat(ring.keyIds()).containsExactly("k2", "k1");
    }

    @Test
    void aKeyThatIsNot32BytesIsRefusedWithoutShowingIt() {
        String shortKey = Base64.getEncoder().encodeToString("sixteen-bytes-ab".getBytes());

        assertThatThrownBy(() -> KeyRing.parse("k1:" + shortKey))
                .hasMessageContaining("'k1' is 16 bytes").hasMessageContaining("openssl rand -base64 32")
                .message().doesNotContain(shortKey);
    }

    @Test
    void aKeyThatIsNotBase64IsRefusedWithoutShowingIt() {
        assertThatThrownBy(() -> KeyRing.parse("k1:not*base64*at*all"))
                .hasMessageContaining("'k1' is not valid base64").message().doesNotContain("not*base64");
    }

    @Test
    void anIdListedTwiceIsRefused() {
        assertThatThrownBy(() -> KeyRing.parse("k1:" + K1 + ",k1:" + K2)).hasMessageContaining("'k1' is listed twice");
    }

    @Test
    void anEmptyListIsRefused() {
        assertThatThrownBy(() -> KeyRing.parse(" # nothing\n")).hasMessageContaining("no key is listed");
    }

    @Test
    void theRingPrintsItsKeyIdsOnly() {
        assertThat(KeyRing.parse("k1:" + K1)).hasToString("keys [k1], sealing with k1");
    }

    /** 32 bytes of one character, base64. */
    static String key(char fill) {
        return Base64.getEncoder().encodeToString(String.valueOf(fill).repeat(32).getBytes());
    }
}
