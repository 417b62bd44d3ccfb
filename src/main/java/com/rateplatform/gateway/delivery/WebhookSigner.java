package com.rateplatform.gateway.delivery;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * {@code X-Rate-Signature: sha256=<hex>}, the HMAC-SHA256 of {@code "<timestamp>.<body>"} under the caller's webhook
 * secret, where the timestamp is the {@code X-Rate-Timestamp} header (Unix seconds). Signing the timestamp with the
 * body lets a receiver refuse a captured request replayed later.
 */
public final class WebhookSigner {

    private WebhookSigner() {
    }

    public static String signature(String secret, long timestamp, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] digest = mac.doFinal((timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
            return "sha256=" + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }
}
