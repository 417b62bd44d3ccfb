package com.rateplatform.gateway.deploy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A systemd unit file read as sections of settings; a setting may repeat (EnvironmentFile=, Environment=). */
record SystemdUnit(Map<String, Map<String, List<String>>> sections) {

    static SystemdUnit parse(String text) {
        Map<String, Map<String, List<String>>> sections = new LinkedHashMap<>();
        Map<String, List<String>> section = null;
        String pending = "";
        for (String raw : text.split("\n")) {
            String line = pending + raw.strip();
            pending = "";
            if (line.endsWith("\\")) {
                pending = line.substring(0, line.length() - 1) + " ";
                continue;
            }
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            if (line.startsWith("[") && line.endsWith("]")) {
                section = sections.computeIfAbsent(line.substring(1, line.length() - 1), s -> new LinkedHashMap<>());
            } else if (section != null && line.contains("=")) {
                int equals = line.indexOf('=');
                section.computeIfAbsent(line.substring(0, equals).strip(), k -> new ArrayList<>()).add(line.substring(equals + 1).strip());
            } else {
                throw new IllegalArgumentException("Not a unit file line: " + line);
            }
        }
        return new SystemdUnit(sections);
    }

    /** Every value of a setting, in order (an empty list when absent). */
    List<String> all(String section, String key) {
        return sections.getOrDefault(section, Map.of()).getOrDefault(key, List.of());
    }

    /** The setting's effective (last) value, or null. */
    String get(String section, String key) {
        List<String> values = all(section, key);
        return values.isEmpty() ? null : values.get(values.size() - 1);
    }

    /** The assignments of every Environment= line ("A=1 B='two words'"). */
    Map<String, String> environment() {
        Map<String, String> assignments = new LinkedHashMap<>();
        for (String line : all("Service", "Environment")) {
            for (String word : words(line)) {
                int equals = word.indexOf('=');
                assignments.put(word.substring(0, equals), word.substring(equals + 1));
            }
        }
        return assignments;
    }

    private static List<String> words(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        char quote = 0;
        for (char c : line.toCharArray()) {
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (Character.isWhitespace(c)) {
                if (!word.isEmpty()) {
                    words.add(word.toString());
                    word.setLength(0);
                }
            } else {
                word.append(c);
            }
        }
        if (!word.isEmpty()) {
            words.add(word.toString());
        }
        return words;
    }
}
