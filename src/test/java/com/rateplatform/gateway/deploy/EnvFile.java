package com.rateplatform.gateway.deploy;

import java.util.LinkedHashMap;
import java.util.Map;

/** A KEY=value file (docker/.env, systemd EnvironmentFile, kustomize envs): comments and blank lines skipped, quotes removed. */
final class EnvFile {

    private EnvFile() {
    }

    static Map<String, String> parse(String text) {
        Map<String, String> entries = new LinkedHashMap<>();
        for (String raw : text.split("\n")) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int equals = line.indexOf('=');
            if (equals <= 0) {
                throw new IllegalArgumentException("Not KEY=value: " + line);
            }
            entries.put(line.substring(0, equals).strip(), unquote(line.substring(equals + 1).strip()));
        }
        return entries;
    }

    static String unquote(String value) {
        if (value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"") || value.startsWith("'") && value.endsWith("'"))) {
            return value.substring(1, value.length() - 1);
        }
        return value;
    }
}
