package com.rateplatform.gateway.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;

/**
 * The keys JWTs are verified with, from configuration: an HS256 shared secret, an RS256 public key in a PEM file, and
 * the keys of a JWKS file. Any combination; none means JWTs are not accepted.
 */
public final class JwtKeys {

    /** HS256 needs a key of at least 256 bits. */
    static final int MIN_SECRET_BYTES = 32;

    private JwtKeys() {
    }

    /**
     * @param secret        HS256 shared secret (at least 32 bytes), or blank
     * @param publicKeyFile PEM file holding an RSA public key ({@code -----BEGIN PUBLIC KEY-----}), or blank
     * @param jwksFile      JWKS file (a JSON {@code {"keys": [...]}}), or blank
     */
    public static JWKSet load(String secret, String publicKeyFile, String jwksFile) {
        List<JWK> keys = new ArrayList<>();
        if (!isBlank(secret)) {
            byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
            if (bytes.length < MIN_SECRET_BYTES) {
                throw new IllegalStateException("JWT_SECRET must be at least " + MIN_SECRET_BYTES + " bytes long for HS256");
            }
            keys.add(new OctetSequenceKey.Builder(bytes).build());
        }
        if (!isBlank(publicKeyFile)) {
            keys.add(new RSAKey.Builder(readPem(Path.of(publicKeyFile))).build());
        }
        if (!isBlank(jwksFile)) {
            try {
                keys.addAll(JWKSet.load(Path.of(jwksFile).toFile()).getKeys());
            } catch (IOException | ParseException e) {
                throw new IllegalStateException("JWT_JWKS_FILE " + jwksFile + " is not a readable JWKS file: " + e.getMessage(), e);
            }
        }
        return new JWKSet(keys);
    }

    private static RSAPublicKey readPem(Path file) {
        try {
            String pem = Files.readString(file, StandardCharsets.US_ASCII);
            String base64 = pem.replaceAll("-----(BEGIN|END) PUBLIC KEY-----", "").replaceAll("\\s", "");
            byte[] der = Base64.getDecoder().decode(base64);
            return (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der));
        } catch (IOException | GeneralSecurityException | IllegalArgumentException | ClassCastException e) {
            throw new IllegalStateException("JWT_PUBLIC_KEY_FILE " + file + " does not hold an RSA public key in PEM"
                                            + " (-----BEGIN PUBLIC KEY-----): " + e.getMessage(), e);
        }
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
