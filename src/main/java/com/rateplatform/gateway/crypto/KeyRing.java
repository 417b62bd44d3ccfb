package com.rateplatform.gateway.crypto;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The AES-256 keys stream payloads are sealed with, by key id: the first one listed seals, every one opens. Written as
 * {@code kid:base64,kid2:base64} — commas or new lines between keys, {@code #} comments and blank lines ignored — where
 * each key is 32 random bytes in standard base64 ({@code openssl rand -base64 32}).
 */
public final class KeyRing {

    /** AES-256. */
    static final int KEY_BYTES = 32;
    private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Map<String, SecretKey> keys;
    private final String sealingKeyId;

    private KeyRing(Map<String, SecretKey> keys) {
        this.keys = Collections.unmodifiableMap(keys);
        this.sealingKeyId = keys.keySet().iterator().next();
    }

    /**
     * Reads a key list. Errors name the position and the key id, never key material.
     *
     * @throws IllegalArgumentException when the list is empty or a key is malformed, not 32 bytes, or listed twice
     */
    public static KeyRing parse(String text) {
        Map<String, SecretKey> keys = new LinkedHashMap<>();
        int position = 0;
        for (String line : text.split("\\R")) {
            int comment = line.indexOf('#');
            String content = comment < 0 ? line : line.substring(0, comment);
            for (String entry : content.split(",")) {
                String trimmed = entry.strip();
                if (trimmed.isEmpty()) {
                    continue;
                }
                position++;
                int colon = trimmed.indexOf(':');
                if (colon < 0) {
                    throw new IllegalArgumentException("key " + position + " is not written kid:base64-key");
                }
                String id = trimmed.substring(0, colon).strip();
                if (!KEY_ID.matcher(id).matches()) {
                    throw new IllegalArgumentException("key " + position + ": a key id is 1 to 64 letters, digits, '.', '_' or '-'");
                }
                byte[] material;
                try {
                    material = Base64.getDecoder().decode(trimmed.substring(colon + 1).strip());
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("key '" + id + "' is not valid base64");
                }
                if (material.length != KEY_BYTES) {
                    throw new IllegalArgumentException("key '" + id + "' is " + material.length + " bytes; AES-256 needs "
                                                       + KEY_BYTES + " (openssl rand -base64 32)");
                }
                if (keys.put(id, new SecretKeySpec(material, "AES")) != null) {
                    throw new IllegalArgumentException("key id '" + id + "' is listed twice");
                }
            }
        }
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("no key is listed");
        }
        return new KeyRing(keys);
    }

    /** One random key, for a run whose streams die with it (the one-command run). */
    static KeyRing random(String idPrefix) {
        byte[] material = new byte[KEY_BYTES];
        RANDOM.nextBytes(material);
        Map<String, SecretKey> keys = new LinkedHashMap<>();
        keys.put(idPrefix + "-" + Integer.toHexString(RANDOM.nextInt(0x1000000) | 0x1000000).substring(1),
                new SecretKeySpec(material, "AES"));
        return new KeyRing(keys);
    }

    /** The key new payloads are sealed with: the first listed. */
    public String sealingKeyId() {
        return sealingKeyId;
    }

    /** Every key id, the sealing one first. */
    public List<String> keyIds() {
        return List.copyOf(keys.keySet());
    }

    SecretKey key(String id) {
        return id == null ? null : keys.get(id);
    }

    SecretKey sealingKey() {
        return keys.get(sealingKeyId);
    }

    /** Key ids only: a ring is never printed with its keys. */
    @Override
    public String toString() {
        return "keys " + keys.keySet() + ", sealing with " + sealingKeyId;
    }
}
