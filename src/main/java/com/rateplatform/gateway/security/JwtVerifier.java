package com.rateplatform.gateway.security;

import java.text.ParseException;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyType;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.nimbusds.jwt.proc.ExpiredJWTException;

/**
 * Verifies a bearer JWT and turns it into a {@link Caller}: signature (HS256 with the shared secret, RS256 with the
 * configured public keys and those of the JWKS URL; each algorithm only with keys of its type, and no other
 * algorithm), {@code exp} (required), {@code nbf}, and {@code aud} / {@code iss} when configured. The caller id is
 * {@code sub}; scopes come from {@code scope} (space-separated) and/or {@code scopes} (an array).
 */
public class JwtVerifier {

    static final int MAX_SUBJECT_LENGTH = 128;

    private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();

    /**
     * @param keys     from {@link JwtKeys#load}; must not be empty
     * @param audience required {@code aud} value, or blank for none
     * @param issuer   required {@code iss} value, or blank for none
     */
    public JwtVerifier(JWKSet keys, String audience, String issuer) {
        this(keys, null, audience, issuer);
    }

    /**
     * @param keys     from {@link JwtKeys#load}
     * @param jwksUrl  an identity provider's RSA keys ({@link JwksUrl}), asked when none of {@code keys} fits a token;
     *                 null for none. With {@code keys} empty it must be given.
     * @param audience required {@code aud} value, or blank for none
     * @param issuer   required {@code iss} value, or blank for none
     */
    public JwtVerifier(JWKSet keys, JWKSource<SecurityContext> jwksUrl, String audience, String issuer) {
        Set<JWSAlgorithm> algorithms = new HashSet<>();
        for (JWK key : keys.getKeys()) {
            if (KeyType.OCT.equals(key.getKeyType())) {
                algorithms.add(JWSAlgorithm.HS256);
            } else if (KeyType.RSA.equals(key.getKeyType())) {
                algorithms.add(JWSAlgorithm.RS256);
            }
        }
        if (jwksUrl != null) {
            algorithms.add(JWSAlgorithm.RS256);
        }
        if (algorithms.isEmpty()) {
            throw new IllegalArgumentException("No HS256 secret or RSA public key to verify JWTs with");
        }
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(algorithms, configuredFirst(keys, jwksUrl)));
        JWTClaimsSet.Builder exact = new JWTClaimsSet.Builder();
        if (issuer != null && !issuer.isBlank()) {
            exact.issuer(issuer);
        }
        Set<String> acceptedAudience = audience == null || audience.isBlank() ? null : Set.of(audience);
        processor.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(acceptedAudience, exact.build(), Set.of("exp", "sub"), null));
    }

    /** @throws InvalidCredentialsException saying what is wrong with the token */
    public Caller verify(String token) {
        return verification(token).caller();
    }

    /** {@link #verify}, with the token's expiry ({@code exp}), so the result can be remembered no longer than that. */
    public Verification verification(String token) {
        JWTClaimsSet claims;
        try {
            claims = processor.process(token, null);
        } catch (ParseException e) {
            throw new InvalidCredentialsException("the bearer token is not a JWT");
        } catch (ExpiredJWTException e) {
            throw new InvalidCredentialsException("the bearer token has expired");
        } catch (BadJWTException e) {
            throw new InvalidCredentialsException("the bearer token's claims are not accepted: " + e.getMessage());
        } catch (BadJOSEException e) {
            throw new InvalidCredentialsException("the bearer token's signature is not accepted");
        } catch (KeySourceException e) {
            throw new InvalidCredentialsException("the bearer token's key is not known here, and the identity provider's keys"
                                                  + " cannot be fetched now");
        } catch (JOSEException e) {
            throw new InvalidCredentialsException("the bearer token could not be verified");
        }
        return new Verification(new Caller(subject(claims), scopes(claims)), claims.getExpirationTime().toInstant());
    }

    /**
     * The configured keys; the JWKS URL's only for an RSA key none of them fits, so HS256 tokens never reach the identity
     * provider and a token naming an unknown key id makes it fetch its keys again (rate-limited).
     */
    private static JWKSource<SecurityContext> configuredFirst(JWKSet keys, JWKSource<SecurityContext> jwksUrl) {
        JWKSource<SecurityContext> configured = new ImmutableJWKSet<>(keys);
        if (jwksUrl == null) {
            return configured;
        }
        return (selector, context) -> {
            List<JWK> found = configured.get(selector, context);
            Set<KeyType> types = selector.getMatcher().getKeyTypes();
            return found.isEmpty() && types != null && types.contains(KeyType.RSA) ? jwksUrl.get(selector, context) : found;
        };
    }

    private static String subject(JWTClaimsSet claims) {
        String subject = claims.getSubject();
        if (subject.isBlank() || subject.length() > MAX_SUBJECT_LENGTH || subject.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidCredentialsException("the bearer token's sub must be 1 to " + MAX_SUBJECT_LENGTH
                                                  + " printable characters");
        }
        return subject;
    }

    private static Set<String> scopes(JWTClaimsSet claims) {
        Set<String> scopes = new LinkedHashSet<>();
        try {
            String scope = claims.getStringClaim("scope");
            if (scope != null) {
                for (String s : scope.trim().split("\\s+")) {
                    if (!s.isEmpty()) {
                        scopes.add(s);
                    }
                }
            }
            List<String> list = claims.getStringListClaim("scopes");
            if (list != null) {
                list.stream().filter(Objects::nonNull).forEach(scopes::add);
            }
        } catch (ParseException e) {
            throw new InvalidCredentialsException("the bearer token's scope must be a string and scopes an array of strings");
        }
        return scopes;
    }
}
