package com.rateplatform.gateway.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * AES-256-GCM from the JDK ({@code javax.crypto}; AES-NI where the CPU has it). Each payload gets a random 96-bit nonce
 * and is authenticated together with the request id of its entry and the name of the field it replaces, so a sealed
 * value moved into another entry or another field does not open. {@link Cipher} instances are kept per thread.
 *
 * <p>Random nonces are safe for about 2^32 payloads per key (NIST SP 800-38D); keys rotate long before that.
 */
public final class PayloadCipher {

    static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final byte[] DOMAIN = "rate-gateway/stream-payload/v1".getBytes(StandardCharsets.UTF_8);

    private final StreamKeys keys;
    private final SecureRandom random = new SecureRandom();
    private final ThreadLocal<Cipher> ciphers = ThreadLocal.withInitial(PayloadCipher::newCipher);

    public PayloadCipher(StreamKeys keys) {
        this.keys = keys;
    }

    /** Seals {@code clear} with the ring's sealing key, bound to the request id and the field it replaces. */
    public Sealed seal(byte[] clear, String requestId, String field) {
        KeyRing ring = keys.current();
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = ciphers.get();
            cipher.init(Cipher.ENCRYPT_MODE, ring.sealingKey(), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(associatedData(requestId, field));
            return new Sealed(ring.sealingKeyId(), nonce, cipher.doFinal(clear));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM sealing failed: " + e.getMessage(), e);
        }
    }

    /** Opens what {@link #seal} sealed for the same request id and field, with whichever key of the ring sealed it. */
    public byte[] open(Sealed sealed, String requestId, String field) throws UnreadablePayloadException {
        SecretKey key = keys.current().key(sealed.kid());
        if (key == null) {
            key = keys.reread().key(sealed.kid()); // a key file may have changed since it was last read
        }
        if (key == null) {
            throw new UnreadablePayloadException(UnreadablePayloadException.KEY_UNKNOWN, "the " + field + " of request "
                    + requestId + " is sealed with key '" + sealed.kid() + "', which this process does not hold ("
                    + keys.current().keyIds() + ")");
        }
        if (sealed.iv().length != NONCE_BYTES) {
            throw tampered(requestId, field);
        }
        try {
            Cipher cipher = ciphers.get();
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed.iv()));
            cipher.updateAAD(associatedData(requestId, field));
            return cipher.doFinal(sealed.ct());
        } catch (AEADBadTagException e) {
            throw tampered(requestId, field);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM opening failed: " + e.getMessage(), e);
        }
    }

    private static UnreadablePayloadException tampered(String requestId, String field) {
        return new UnreadablePayloadException(UnreadablePayloadException.TAMPERED, "the sealed " + field + " of request "
                + requestId + " does not verify: it was altered, or moved from another entry");
    }

    /** Domain, request id and field, NUL-separated (neither may contain NUL in a valid entry). */
    private static byte[] associatedData(String requestId, String field) {
        byte[] id = (requestId == null ? "" : requestId).getBytes(StandardCharsets.UTF_8);
        byte[] name = field.getBytes(StandardCharsets.UTF_8);
        byte[] aad = new byte[DOMAIN.length + 1 + id.length + 1 + name.length];
        System.arraycopy(DOMAIN, 0, aad, 0, DOMAIN.length);
        System.arraycopy(id, 0, aad, DOMAIN.length + 1, id.length);
        System.arraycopy(name, 0, aad, DOMAIN.length + 2 + id.length, name.length);
        return aad;
    }

    private static Cipher newCipher() {
        try {
            return Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("This JVM has no AES/GCM/NoPadding", e);
        }
    }
}
