package com.rateplatform.gateway.validation;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/**
 * One mapping of a YAML configuration file, read strictly: every getter names the full key path of
 * what it rejects ({@code phone.allowed_types[1]}), and {@link #allowOnly} rejects keys it does not know.
 */
final class RulesNode {

    private static final ObjectMapper YAML = YAMLMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private final ConfigLocation source;
    private final String path;
    private final JsonNode node;

    private RulesNode(ConfigLocation source, String path, JsonNode node) {
        this.source = source;
        this.path = path;
        this.node = node;
    }

    /** The root mapping of a file; a missing file or bad YAML is reported against {@code referencedBy} (the key that named the file, or null). */
    static RulesNode read(ConfigLocation source, String referencedBy, String description) {
        String text = source.read()
                .orElseThrow(() -> new InvalidRulesException(source.toString(), referencedBy, description + " not found"));
        JsonNode root;
        try {
            root = YAML.readTree(text);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")";
            throw new InvalidRulesException(source.toString(), null, "not valid YAML" + where + ": " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new InvalidRulesException(source.toString(), null, "the file must hold a YAML mapping of keys");
        }
        return new RulesNode(source, "", root);
    }

    ConfigLocation source() {
        return source;
    }

    /** Rejects any key of this mapping other than those given. */
    RulesNode allowOnly(String... keys) {
        Set<String> known = Set.of(keys);
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                throw invalid(name, "unknown key; expected one of " + String.join(", ", keys));
            }
        }
        return this;
    }

    RulesNode section(String key) {
        JsonNode value = required(key);
        if (!value.isObject()) {
            throw invalid(key, "must be a mapping of keys");
        }
        return new RulesNode(source, pathOf(key), value);
    }

    /** The keys of this mapping in file order. */
    List<String> keys() {
        List<String> keys = new ArrayList<>(node.size());
        node.fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    String text(String key) {
        JsonNode value = required(key);
        if (!value.isTextual() || value.asText().isBlank()) {
            throw invalid(key, "must be a non-empty string (quote it if YAML reads it as a number or boolean)");
        }
        return value.asText().strip();
    }

    int integer(String key) {
        JsonNode value = required(key);
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw invalid(key, "must be a whole number");
        }
        return value.asInt();
    }

    List<String> texts(String key) {
        JsonNode value = requiredList(key);
        List<String> texts = new ArrayList<>(value.size());
        for (int i = 0; i < value.size(); i++) {
            JsonNode element = value.get(i);
            if (!element.isTextual() || element.asText().isBlank()) {
                throw invalid(key + "[" + i + "]", "must be a non-empty string");
            }
            texts.add(element.asText().strip());
        }
        return texts;
    }

    /** Whether the key is present with a value other than null (an optional key). */
    boolean has(String key) {
        JsonNode value = node.get(key);
        return value != null && !value.isNull();
    }

    Optional<List<String>> optionalTexts(String key) {
        return node.has(key) ? Optional.of(texts(key)) : Optional.empty();
    }

    /** The mappings of a list. */
    List<RulesNode> elements(String key) {
        JsonNode value = requiredList(key);
        List<RulesNode> elements = new ArrayList<>(value.size());
        for (int i = 0; i < value.size(); i++) {
            String elementKey = key + "[" + i + "]";
            if (!value.get(i).isObject()) {
                throw invalid(elementKey, "must be a mapping of keys");
            }
            elements.add(new RulesNode(source, pathOf(elementKey), value.get(i)));
        }
        return elements;
    }

    /** A failure of the key (relative to this mapping). */
    InvalidRulesException invalid(String key, String problem) {
        return new InvalidRulesException(source.toString(), pathOf(key), problem);
    }

    private JsonNode required(String key) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            throw invalid(key, "is missing");
        }
        return value;
    }

    private JsonNode requiredList(String key) {
        JsonNode value = required(key);
        if (!value.isArray()) {
            throw invalid(key, "must be a list, such as [a, b] or []");
        }
        return value;
    }

    private String pathOf(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }
}
