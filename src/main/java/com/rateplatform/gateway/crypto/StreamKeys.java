package com.rateplatform.gateway.crypto;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where this process's {@link KeyRing} comes from: {@code STREAM_ENCRYPTION_KEYS} (fixed for the life of the process),
 * or {@code STREAM_ENCRYPTION_KEYS_FILE}, read again when it changes — so a key is added, made the sealing key or
 * retired by rewriting the file, with no restart. The file is looked at no more often than the reload interval, and
 * at once when a payload names a key id the ring does not hold. A rewritten file that does not parse is not used: the
 * keys read before stay in force, and an ERROR says why.
 */
public final class StreamKeys {

    public static final String KEYS_VARIABLE = "STREAM_ENCRYPTION_KEYS";
    public static final String KEYS_FILE_VARIABLE = "STREAM_ENCRYPTION_KEYS_FILE";

    private static final Logger LOG = LoggerFactory.getLogger(StreamKeys.class);

    private final Path file;
    private final long reloadNanos;
    private volatile KeyRing ring;
    private volatile String fileText;
    private volatile long nextCheck;
    private String refusedText;

    private StreamKeys(KeyRing ring, Path file, String fileText, Duration reload) {
        this.ring = ring;
        this.file = file;
        this.fileText = fileText;
        this.reloadNanos = reload.toNanos();
        this.nextCheck = System.nanoTime() + reloadNanos;
    }

    /** Keys that never change. */
    public static StreamKeys fixed(KeyRing ring) {
        return new StreamKeys(ring, null, null, Duration.ZERO);
    }

    /** Keys from a file, read now (an unreadable or invalid file is an error) and again whenever it changes. */
    public static StreamKeys fromFile(Path file, Duration reloadInterval) {
        String text = read(file);
        KeyRing ring;
        try {
            ring = KeyRing.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(KEYS_FILE_VARIABLE + " " + file + ": " + e.getMessage(), e);
        }
        return new StreamKeys(ring, file, text, reloadInterval);
    }

    /**
     * The keys the configuration names, with the start-up policy: one of the two variables must be set, except where
     * {@code developmentKeyAllowed} (the streams live in an embedded Redis, lost on exit): then a random key serves
     * this run, and a WARN says so.
     *
     * @param keys    the value of {@value #KEYS_VARIABLE}, or blank
     * @param keyFile the value of {@value #KEYS_FILE_VARIABLE}, or blank
     * @throws IllegalStateException naming the variables, when keys are missing, doubly given or invalid
     */
    public static StreamKeys load(String keys, String keyFile, Duration reloadInterval, boolean developmentKeyAllowed) {
        boolean inline = keys != null && !keys.isBlank();
        boolean fromFile = keyFile != null && !keyFile.isBlank();
        StreamKeys loaded;
        if (inline && fromFile) {
            throw new IllegalStateException("Set " + KEYS_VARIABLE + " or " + KEYS_FILE_VARIABLE + ", not both");
        } else if (fromFile) {
            loaded = fromFile(Path.of(keyFile.strip()), reloadInterval);
            LOG.info("Stream payloads: {} from {} {} (read again when it changes)", loaded.ring, KEYS_FILE_VARIABLE, keyFile.strip());
        } else if (inline) {
            try {
                loaded = fixed(KeyRing.parse(keys));
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException(KEYS_VARIABLE + ": " + e.getMessage(), e);
            }
            LOG.info("Stream payloads: {} from {}", loaded.ring, KEYS_VARIABLE);
        } else if (developmentKeyAllowed) {
            loaded = fixed(KeyRing.random("development"));
            LOG.warn("No {} or {}: personal data on the streams is sealed with a development key, random for this run"
                     + " (the embedded Redis loses its data on exit too). Anywhere else the gateway does not start without keys",
                    KEYS_VARIABLE, KEYS_FILE_VARIABLE);
        } else {
            throw new IllegalStateException("No stream encryption keys: set " + KEYS_VARIABLE + " (kid:base64-key[,kid2:base64-key],"
                    + " the first seals) or " + KEYS_FILE_VARIABLE + " (a file in the same format). Make a key with"
                    + " 'openssl rand -base64 32'; see docs/Security.md, Personal data");
        }
        return loaded;
    }

    /** The ring in force, the file read again first if the reload interval has passed since it was last looked at. */
    public KeyRing current() {
        if (file != null && System.nanoTime() - nextCheck >= 0) {
            reread();
        }
        return ring;
    }

    /** The ring after reading the file again now (the ring in force, for fixed keys). */
    KeyRing reread() {
        if (file == null) {
            return ring;
        }
        synchronized (this) {
            nextCheck = System.nanoTime() + reloadNanos;
            String text;
            try {
                text = read(file);
            } catch (IllegalStateException e) {
                refuse(e.getMessage(), null);
                return ring;
            }
            if (text.equals(fileText)) {
                return ring;
            }
            try {
                KeyRing next = KeyRing.parse(text);
                LOG.info("Stream payloads: {} re-read: {} (was {})", KEYS_FILE_VARIABLE, next, ring);
                ring = next;
                fileText = text;
                refusedText = null;
            } catch (IllegalArgumentException e) {
                refuse(KEYS_FILE_VARIABLE + " " + file + " changed but is not used: " + e.getMessage(), text);
            }
            return ring;
        }
    }

    /** Logs a refused file once per content, not at every look. */
    private void refuse(String reason, String text) {
        String seen = text == null ? "unreadable" : text;
        if (!seen.equals(refusedText)) {
            refusedText = seen;
            LOG.error("{}; still in force: {}", reason, ring);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(KEYS_FILE_VARIABLE + " " + file + " cannot be read: " + e, e);
        }
    }
}
