package com.rateplatform.gateway.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.function.Supplier;

import io.lettuce.core.SetArgs;
import io.lettuce.core.api.sync.RedisStringCommands;
import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;

import com.rateplatform.gateway.contract.ApiException;
import com.rateplatform.gateway.contract.ExchangeProperties;
import com.rateplatform.gateway.stream.RedisStreamComponent;

/**
 * {@code Idempotency-Key}: a client that repeats a POST with the same key within the window gets the first 202 answer
 * back, and nothing is stored or published again. Keys are per caller and kept in Redis (hashed) for the window.
 * The key is looked at before the body: a repeat with the key gets the first answer whatever its body. (Repeating a
 * {@code request_id} is idempotent without a key and without a window: the database refuses a second request with the
 * same id, and answers 409 when the request under it differs.)
 */
public class IdempotencyKeys {

    public static final String HEADER = "Idempotency-Key";
    private static final int MAX_KEY_LENGTH = 255;

    private final Supplier<RedisStreamComponent> streams;
    private final Duration window;

    public IdempotencyKeys(Supplier<RedisStreamComponent> streams, Duration window) {
        this.streams = streams;
        this.window = window;
    }

    /** The answer given to the first request with this key, or null when the key is new or absent. */
    public String firstAnswer(@Header(HEADER) String key, @ExchangeProperty(ExchangeProperties.CALLER) String caller) {
        if (key == null || key.isBlank()) {
            return null;
        }
        return redis().get(redisKey(key, caller));
    }

    /** Keeps the answer for the window; the first writer wins when two requests with one key race. */
    public void remember(@Header(HEADER) String key, @ExchangeProperty(ExchangeProperties.CALLER) String caller,
                         @Body String answer) {
        if (key == null || key.isBlank()) {
            return;
        }
        redis().set(redisKey(key, caller), answer, SetArgs.Builder.nx().px(window.toMillis()));
    }

    private String redisKey(String key, String caller) {
        if (key.length() > MAX_KEY_LENGTH) {
            throw ApiException.badRequest("FIELD_TOO_LONG", HEADER + " is longer than " + MAX_KEY_LENGTH + " characters", HEADER);
        }
        return streams.get().keyOf("idempotency:" + sha256((caller == null ? "" : caller) + "\n" + key));
    }

    private RedisStringCommands<String, String> redis() {
        return streams.get().connections().shared().strings();
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
