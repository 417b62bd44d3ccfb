package com.rateplatform.gateway.validation;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/** Where a configuration file is: a file path or a {@code classpath:} resource. Reads its text and resolves files next to it. */
record ConfigLocation(String value) {

    static final String CLASSPATH = "classpath:";
    static final ConfigLocation DEFAULT_RULES = new ConfigLocation(CLASSPATH + "config/validation-rules.yaml");

    /** @param location a file path, a {@code classpath:} location, or null/blank for {@link #DEFAULT_RULES} */
    static ConfigLocation of(String location) {
        return location == null || location.isBlank() ? DEFAULT_RULES : new ConfigLocation(location.strip());
    }

    /** The file's text, or empty when there is no such file. */
    Optional<String> read() {
        if (isClasspath()) {
            try (InputStream in = ConfigLocation.class.getClassLoader().getResourceAsStream(classpathResource())) {
                return in == null ? Optional.empty() : Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read " + value, e);
            }
        }
        try {
            return Optional.of(Files.readString(Path.of(value), StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + value, e);
        }
    }

    /** {@code other} itself when it is absolute or a classpath location, else {@code other} in this file's folder. */
    ConfigLocation sibling(String other) {
        if (other.startsWith(CLASSPATH)) {
            return new ConfigLocation(other);
        }
        if (isClasspath()) {
            String resource = classpathResource();
            int slash = resource.lastIndexOf('/');
            return new ConfigLocation(CLASSPATH + (slash < 0 ? "" : resource.substring(0, slash + 1)) + other);
        }
        return new ConfigLocation(Path.of(value).resolveSibling(other).toString());
    }

    private boolean isClasspath() {
        return value.startsWith(CLASSPATH);
    }

    private String classpathResource() {
        String resource = value.substring(CLASSPATH.length());
        return resource.startsWith("/") ? resource.substring(1) : resource;
    }

    @Override
    public String toString() {
        return value;
    }
}
