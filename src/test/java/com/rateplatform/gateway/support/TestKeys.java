package com.rateplatform.gateway.support;

import com.rateplatform.gateway.crypto.KeyRing;
import com.rateplatform.gateway.crypto.PayloadCipher;
import com.rateplatform.gateway.crypto.StreamKeys;
import com.rateplatform.gateway.message.MessageCodec;

/**
 * The stream encryption key every test gateway holds ({@link RunningGateway}, {@link AppProcess},
 * {@link GatewayProcess}), and a codec with it, for tests that write stream entries themselves: what a gateway
 * publishes, they publish through {@link #codec()}.
 */
public final class TestKeys {

    /** {@code STREAM_ENCRYPTION_KEYS} of test gateways: one key, id {@code test-1}. Never used outside tests. */
    public static final String SPEC = "test-1:cmF0ZS1nYXRld2F5LXRlc3Qtc3RyZWFtLWtleS0wMDE=";

    private static final MessageCodec CODEC = new MessageCodec(new PayloadCipher(StreamKeys.fixed(KeyRing.parse(SPEC))));

    private TestKeys() {
    }

    public static MessageCodec codec() {
        return CODEC;
    }
}
