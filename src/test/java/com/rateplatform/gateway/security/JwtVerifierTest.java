package com.rateplatform.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.function.Consumer;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a bearer JWT must be to be accepted, and what the caller it yields holds. */
class JwtVerifierTest {

    private static final String SECRET = "a-shared-secret-of-at-least-32-bytes";
    private static final KeyPair RSA = rsaKeyPair();

    @TempDir
    Path dir;

    private final JwtVerifier hs256 = new JwtVerifier(JwtKeys.load(SECRET, "", ""), "", "");

    @Test
    void hs256TokenYieldsTheSubjectAndTheSpaceSeparatedScopes() throws Exception {
        Caller caller = hs256.verify(hs256(claims -> claims.claim("scope", "validation:write validation:read")));

        assertThat(caller.id()).isEqualTo("extension-user-7");
        assertThat(caller.scopes()).containsExactlyInAnyOrder("validation:write", "validation:read");
    }

    @Test
    void scopesMayComeAsAnArray() throws Exception {
        Caller caller = hs256.verify(hs256(claims -> claims.claim("scopes", List.of("importer:write", "importer:read"))));

        assertThat(caller.scopes()).containsExactlyInAnyOrder("importer:write", "importer:read");
    }

    @Test
    void expiredTokenIsRefused() {
        String token = hs256(claims -> claims.expirationTime(Date.from(Instant.now().minus(Duration.ofMinutes(5)))));

        assertThatThrownBy(() -> hs256.verify(token)).hasMessage("the bearer token has expired");
    }

    @Test
    void tokenWithoutExpiryIsRefused() {
        String token = hs256(claims -> claims.expirationTime(null));

        assertThatThrownBy(() -> hs256.verify(token)).isInstanceOf(InvalidCredentialsException.class).hasMessageContaining("exp");
    }

    @Test
    void tokenSignedWithAnotherSecretIsRefused() throws Exception {
        String token = sign(new MACSigner("another-secret-that-is-32-bytes-long!".getBytes(StandardCharsets.UTF_8)),
                JWSAlgorithm.HS256, claims -> { });

        assertThatThrownBy(() -> hs256.verify(token)).hasMessage("the bearer token's signature is not accepted");
    }

    @Test
    void unsignedTokenIsRefused() {
        String token = new PlainJWT(claims(claims -> { })).serialize();

        assertThatThrownBy(() -> hs256.verify(token)).isInstanceOf(InvalidCredentialsException.class);
    }

    @Test
    void garbageIsNotAJwt() {
        assertThatThrownBy(() -> hs256.verify("' OR 1=1 --")).hasMessage("the bearer token is not a JWT");
    }

    @Test
    void rs256TokenIsVerifiedWithThePublicKeyFromAPemFile() throws Exception {
        JwtVerifier rs256 = new JwtVerifier(JwtKeys.load("", pemFile().toString(), ""), "", "");

        assertThat(rs256.verify(rs256(claims -> { })).id()).isEqualTo("extension-user-7");
    }

    @Test
    void rs256TokenIsVerifiedWithTheKeysOfAJwksFile() throws Exception {
        Path jwks = dir.resolve("jwks.json");
        Files.writeString(jwks, new JWKSet(new RSAKey.Builder((RSAPublicKey) RSA.getPublic()).keyID("k1").build()).toString());
        JwtVerifier rs256 = new JwtVerifier(JwtKeys.load("", "", jwks.toString()), "", "");

        assertThat(rs256.verify(rs256(claims -> { })).id()).isEqualTo("extension-user-7");
    }

    @Test
    void hs256TokenKeyedWithThePublicRsaKeyIsRefusedWhereOnlyRs256IsConfigured() throws Exception {
        // The classic algorithm confusion: HMAC "signed" with the public key, which the attacker knows.
        JwtVerifier rs256 = new JwtVerifier(JwtKeys.load("", pemFile().toString(), ""), "", "");
        String forged = sign(new MACSigner(Files.readAllBytes(pemFile())), JWSAlgorithm.HS256, claims -> { });

        assertThatThrownBy(() -> rs256.verify(forged)).hasMessage("the bearer token's signature is not accepted");
    }

    @Test
    void audienceIsCheckedWhenConfigured() {
        JwtVerifier strict = new JwtVerifier(JwtKeys.load(SECRET, "", ""), "rate-gateway", "");

        assertThat(strict.verify(hs256(claims -> claims.audience("rate-gateway"))).id()).isEqualTo("extension-user-7");
        assertThatThrownBy(() -> strict.verify(hs256(claims -> claims.audience("other")))).hasMessageContaining("aud");
    }

    @Test
    void issuerIsCheckedWhenConfigured() {
        JwtVerifier strict = new JwtVerifier(JwtKeys.load(SECRET, "", ""), "", "https://idp.example.com");

        assertThat(strict.verify(hs256(claims -> claims.issuer("https://idp.example.com"))).id()).isEqualTo("extension-user-7");
        assertThatThrownBy(() -> strict.verify(hs256(claims -> claims.issuer("https://evil.example.com")))).hasMessageContaining("iss");
    }

    @Test
    void subjectLongerThanACallerIdCanBeIsRefused() {
        String token = hs256(claims -> claims.subject("x".repeat(JwtVerifier.MAX_SUBJECT_LENGTH + 1)));

        assertThatThrownBy(() -> hs256.verify(token)).hasMessageContaining("sub");
    }

    @Test
    void secretShorterThan32BytesIsRefusedAtStart() {
        assertThatThrownBy(() -> JwtKeys.load("too-short", "", "")).hasMessageContaining("JWT_SECRET");
    }

    private String hs256(Consumer<JWTClaimsSet.Builder> customize) {
        try {
            return sign(new MACSigner(SECRET.getBytes(StandardCharsets.UTF_8)), JWSAlgorithm.HS256, customize);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private String rs256(Consumer<JWTClaimsSet.Builder> customize) throws Exception {
        return sign(new RSASSASigner((RSAPrivateKey) RSA.getPrivate()), JWSAlgorithm.RS256, customize);
    }

    private static String sign(JWSSigner signer, JWSAlgorithm algorithm, Consumer<JWTClaimsSet.Builder> customize)
            throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader(algorithm), claims(customize));
        jwt.sign(signer);
        return jwt.serialize();
    }

    private static JWTClaimsSet claims(Consumer<JWTClaimsSet.Builder> customize) {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().subject("extension-user-7")
                .expirationTime(Date.from(Instant.now().plus(Duration.ofMinutes(5))));
        customize.accept(claims);
        return claims.build();
    }

    private Path pemFile() throws Exception {
        Path pem = dir.resolve("public.pem");
        Files.writeString(pem, "-----BEGIN PUBLIC KEY-----\n"
                               + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(RSA.getPublic().getEncoded())
                               + "\n-----END PUBLIC KEY-----\n");
        return pem;
    }

    private static KeyPair rsaKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
