package com.rateplatform.gateway.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The environment variables the application reads: the {@code {{env:NAME:default}}} placeholders of application.properties. */
record ApplicationVariables(Map<String, String> defaults) {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{env:([A-Za-z0-9_]+)(?::([^{}]*))?}}");

    static ApplicationVariables read(Path properties) throws IOException {
        Map<String, String> defaults = new TreeMap<>();
        Matcher placeholder = PLACEHOLDER.matcher(Files.readString(properties));
        while (placeholder.find()) {
            defaults.put(placeholder.group(1), placeholder.group(2) == null ? "" : placeholder.group(2));
        }
        // Nested defaults ({{env:MANAGEMENT_PORT:{{camel.server.port}}}}) do not match above: take the names alone.
        Matcher nested = Pattern.compile("\\{\\{env:([A-Za-z0-9_]+):\\{\\{").matcher(Files.readString(properties));
        while (nested.find()) {
            defaults.putIfAbsent(nested.group(1), "");
        }
        return new ApplicationVariables(defaults);
    }

    boolean reads(String name) {
        return defaults.containsKey(name);
    }

    /** The default of a variable with a plain default value. */
    Optional<String> defaultOf(String name) {
        return Optional.ofNullable(defaults.get(name)).filter(value -> !value.isEmpty());
    }
}
