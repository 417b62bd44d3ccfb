package com.rateplatform.gateway.persistence;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

import com.rateplatform.gateway.message.RequestMessage;

/**
 * What makes two requests with one {@code request_id} the same request: SHA-256 of its endpoint ({@code source}),
 * caller, action, priority, webhook URL and items as parsed, so neither whitespace nor the order of keys changes it.
 * The gateway's own fields (timestamp, response stream) are left out: they differ on every send.
 */
final class RequestFingerprint {

    private RequestFingerprint() {
    }

    /** @param canonicalData the request's {@code data} as {@link com.rateplatform.gateway.message.Json#canonical} writes it */
    static byte[] of(RequestMessage request, String canonicalData) {
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
        String webhookUrl = request.callbackConfig() == null ? null : request.callbackConfig().webhookUrl();
        for (String part : new String[] { request.source(), request.userId(), request.action(), request.priority(), webhookUrl,
                                          canonicalData }) {
            // A separator no part can hold, so that moving text from one part to the next changes the digest.
            sha256.update((part == null ? "" : part).getBytes(StandardCharsets.UTF_8));
            sha256.update((byte) 0);
        }
        return sha256.digest();
    }
}
