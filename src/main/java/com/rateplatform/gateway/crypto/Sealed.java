package com.rateplatform.gateway.crypto;

/**
 * A sealed payload as it travels in place of the field it replaces: {@code {"kid", "iv", "ct"}}, the id of the key that
 * sealed it, the 96-bit nonce, and the AES-GCM ciphertext followed by its 128-bit tag (both base64 in JSON).
 */
public record Sealed(String kid, byte[] iv, byte[] ct) {

    /** Whether it has the three parts at all (a field that holds something else reads as a Sealed of nulls). */
    public boolean isComplete() {
        return kid != null && iv != null && ct != null;
    }
}
