package com.rateplatform.gateway.crypto;

/** A sealed payload that cannot be opened, however often it is tried: its key is not in the ring, or it was altered. */
public class UnreadablePayloadException extends Exception {

    /** Sealed with a key id this key ring does not hold (retired too early, or never given to this process). */
    public static final String KEY_UNKNOWN = "PAYLOAD_KEY_UNKNOWN";
    /** The authentication tag does not verify: the ciphertext, nonce or key id was changed, or it was moved from another entry. */
    public static final String TAMPERED = "PAYLOAD_TAMPERED";

    private final String errorCode;

    UnreadablePayloadException(String errorCode, String message) {
        super(message);
        this.errorCode = errorCode;
    }

    public String errorCode() {
        return errorCode;
    }
}
