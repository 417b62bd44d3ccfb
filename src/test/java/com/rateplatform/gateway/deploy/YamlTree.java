package com.rateplatform.gateway.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.yaml.snakeyaml.Yaml;

/**
 * Parsed YAML as plain maps and lists. SnakeYAML (which jackson-dataformat-yaml is built on) rather than Jackson's tree:
 * compose files use anchors with merge keys ({@code <<: *common}), which only SnakeYAML resolves.
 */
final class YamlTree {

    private YamlTree() {
    }

    /** Every document of a (multi-document) YAML text; empty documents left out. */
    static List<Map<String, Object>> documents(String text) {
        List<Map<String, Object>> documents = new ArrayList<>();
        for (Object document : new Yaml().loadAll(text)) {
            if (document != null) {
                documents.add(map(document));
            }
        }
        return documents;
    }

    static Map<String, Object> document(String text) {
        List<Map<String, Object>> documents = documents(text);
        if (documents.size() != 1) {
            throw new IllegalArgumentException("Expected one YAML document, found " + documents.size());
        }
        return documents.get(0);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object node) {
        return node instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    static List<Object> list(Object node) {
        return node instanceof List<?> l ? new ArrayList<>(l) : List.of();
    }

    /** The mapping at a path of keys, or an empty one. */
    static Map<String, Object> at(Map<String, Object> node, String... keys) {
        Map<String, Object> current = node;
        for (String key : keys) {
            current = map(current.get(key));
        }
        return current;
    }

    /** A scalar as text (numbers and booleans too), or null. */
    static String text(Object node) {
        return node == null || node instanceof Map || node instanceof List ? null : node.toString();
    }
}
