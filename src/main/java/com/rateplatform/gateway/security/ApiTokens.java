package com.rateplatform.gateway.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * The API token format: {@code rgw_} and 43 base64url characters (256 random bits). Tokens are stored only as their
 * SHA-256; with 256 random bits no salt or slow hash is needed to make the stored value useless to a thief.
 */
public final class ApiTokens {

    static final String PREFIX = "rgw_";
    private static final int RANDOM_BYTES = 32;
    private static final int HINT_LENGTH = 8;
    private static final Pattern FORMAT = Pattern.compile(PREFIX + "[A-Za-z0-9_-]{43}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private ApiTokens() {
    }

    public static String generate() {
        byte[] bytes = new byte[RANDOM_BYTES];
        RANDOM.nextBytes(bytes);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Whether a header value could be a token at all (checked before any database look-up). */
    public static boolean isWellFormed(String token) {
        return token != null && FORMAT.matcher(token).matches();
    }

    /** Hex SHA-256 of the token: what the database stores and looks up. */
    public static String hash(String token) {
        return HexFormat.of().formatHex(digest(token.getBytes(StandardCharsets.US_ASCII)));
    }

    /** Hex SHA-256 of any text, as UTF-8. */
    static String sha256(String text) {
        return HexFormat.of().formatHex(digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static byte[] digest(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime has SHA-256", e);
        }
    }

    /** The first characters, enough to tell tokens apart in a listing and far too few to use. */
    public static String hint(String token) {
        return token.substring(0, HINT_LENGTH);
    }
}
