package com.rateplatform.gateway.security;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The webhook secret of one API-token caller, derived from the deployment's {@code WEBHOOK_SECRET} and the caller id
 * ({@code token:<name>}): HMAC-SHA256(master, "rate-webhook-secret\n" + caller), hex. Nothing secret is stored per
 * token, the {@code token create} command can print it, and rotating {@code WEBHOOK_SECRET} rotates every one.
 */
public final class CallerWebhookSecret {

    private CallerWebhookSecret() {
    }

    public static String derive(String master, String callerId) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(master.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(("rate-webhook-secret\n" + callerId).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
