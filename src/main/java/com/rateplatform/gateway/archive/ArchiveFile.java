package com.rateplatform.gateway.archive;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A finished archive file and what it must be wherever it is copied: its size in bytes and the SHA-256 of its bytes
 * (lower-case hex), both taken while it was written.
 */
public record ArchiveFile(Path path, long size, String sha256) {

    /** What goes into an archive file. */
    @FunctionalInterface
    public interface Content<E extends Exception> {
        void writeTo(OutputStream out) throws IOException, E;
    }

    /**
     * Writes {@code target} under a temporary name, renamed to it once complete (a run cut short never leaves a
     * partial file under the final name), hashing the bytes on their way to disk.
     */
    public static <E extends Exception> ArchiveFile write(Path target, Content<E> content) throws IOException, E {
        Files.createDirectories(target.toAbsolutePath().getParent());
        Path partial = target.resolveSibling(target.getFileName() + ".partial");
        MessageDigest sha256 = sha256Digest();
        try (OutputStream out = new DigestOutputStream(Files.newOutputStream(partial), sha256)) {
            content.writeTo(out);
        }
        Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return new ArchiveFile(target, Files.size(target), HexFormat.of().formatHex(sha256.digest()));
    }

    public String name() {
        return path.getFileName().toString();
    }

    static MessageDigest sha256Digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime has SHA-256", e);
        }
    }
}
