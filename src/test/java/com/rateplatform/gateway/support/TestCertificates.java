package com.rateplatform.gateway.support;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A throwaway certificate authority and a server certificate it signed for {@code localhost} and {@code 127.0.0.1},
 * made with {@code openssl} in a directory of the test's: PEM files for HAProxy, Redis and PostgreSQL, and an
 * {@link SSLContext} that trusts the authority, for clients.
 */
public final class TestCertificates {

    private final Path dir;

    private TestCertificates(Path dir) {
        this.dir = dir;
    }

    /** Makes the authority and the server certificate in {@code dir} (created if missing), valid for two days. */
    public static TestCertificates create(Path dir, String authorityName) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        TestCertificates certificates = new TestCertificates(dir);
        Files.writeString(dir.resolve("server.ext"), """
                subjectAltName = DNS:localhost, IP:127.0.0.1
                basicConstraints = critical, CA:FALSE
                keyUsage = critical, digitalSignature, keyEncipherment
                extendedKeyUsage = serverAuth
                """);
        certificates.openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem", "-days", "2",
                "-subj", "/CN=" + authorityName);
        certificates.openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=localhost");
        certificates.openssl("x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
                "-out", "server.pem", "-days", "2", "-extfile", "server.ext");
        Files.writeString(dir.resolve("server-bundle.pem"), Files.readString(certificates.certificate()) + Files.readString(certificates.key()));
        return certificates;
    }

    /** The authority's certificate: what clients trust. */
    public Path authority() {
        return dir.resolve("ca.pem");
    }

    /** The server's certificate. */
    public Path certificate() {
        return dir.resolve("server.pem");
    }

    /** The server's private key (unencrypted). */
    public Path key() {
        return dir.resolve("server.key");
    }

    /** Certificate and key in one file, as HAProxy's {@code crt} takes them. */
    public Path bundle() {
        return dir.resolve("server-bundle.pem");
    }

    /** TLS for clients that trust this authority alone. */
    public SSLContext clientContext() throws IOException, GeneralSecurityException {
        KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
        trusted.load(null, null);
        try (InputStream pem = Files.newInputStream(authority())) {
            trusted.setCertificateEntry("test-authority", CertificateFactory.getInstance("X.509").generateCertificate(pem));
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }

    private void openssl(String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("openssl " + String.join(" ", args) + " failed: " + output);
        }
    }
}
