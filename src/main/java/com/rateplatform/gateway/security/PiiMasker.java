package com.rateplatform.gateway.security;

import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import com.rateplatform.gateway.message.Json;

/**
 * Masks phone and account numbers: all digits but the first and last three become {@code *}
 * ({@code 0912345678} → {@code 091****678}); signs and separators stay, so the shape is still readable.
 *
 * <p>Two rules, applied to free text (log lines) and to every string of a JSON document (dead letters):
 * <ul>
 * <li>the value of a {@code "phone"} or {@code "bank_account"} field, whatever its length;</li>
 * <li>anywhere, a number of 8 or more digits, optionally after {@code +} and with single spaces or dashes between
 * digits ({@code +84 912 345 678}, {@code 091-234-5678}) — unless it is part of a word or identifier (letters, digits,
 * {@code _ . - +} right before or after it), a Redis stream entry id ({@code 1732252800000-0}) or an ISO date.</li>
 * </ul>
 * Used by the log layout ({@link PiiMaskingConverter}) for every log line, and by whatever shows stored payloads to a
 * caller without {@link Scopes#MONITORING_WRITE} (dead letters, request details: {@link #maskedFor}).
 *
 * <p>Rows exported for good (retention archives, {@link #maskArchivedRow}) are masked further: names too, and the
 * client's {@code metadata} replaced as a whole.
 */
public final class PiiMasker {

    /** Digits kept at each end. */
    private static final int KEEP = 3;
    /** JSON fields whose values are masked whatever their length. */
    private static final Set<String> FIELDS = Set.of("phone", "bank_account");
    private static final Pattern FIELD_IN_TEXT = Pattern.compile("(\"(?:phone|bank_account)\"\\s*:\\s*\")([^\"]*)\"");
    private static final Pattern NUMBER = Pattern.compile(
            "(?<![\\w+.\\-])"                                // not inside a word, identifier or version number
            + "(?!\\d{13}-\\d)"                              // not a stream entry id: epoch milliseconds - sequence
            + "(?!(?:19|20)\\d\\d-\\d\\d-\\d\\d(?!\\d))"     // not an ISO date
            + "\\+?\\d(?:[ -]?\\d){7,}"                      // 8+ digits, single spaces or dashes between them
            + "(?![\\w-])");

    /** Archived rows: fields holding a person's name (the bank's name, inside {@code bank}, is not one). */
    private static final Set<String> NAME_FIELDS = Set.of("name", "normalized_name");
    /** Archived rows: fields holding a phone or account number, whatever their length. */
    private static final Set<String> NUMBER_FIELDS = Set.of("phone", "bank_account", "normalized_phone",
            "normalized_bank_account", "e164", "national");
    /** Archived rows: what the client attached to an item, free-form, hence replaced whole. */
    private static final String METADATA = "metadata";
    private static final String REPLACED = "***";

    private PiiMasker() {
    }

    /**
     * One archived row (a JSON object) with every personal field masked: names to their initials
     * ({@code Nguyễn Văn An} → {@code N***** V** A*}), phone and account numbers as everywhere, {@code metadata} replaced
     * by {@code "***"}, and every other string masked as free text. Text that is not JSON is masked as free text.
     */
    public static String maskArchivedRow(String json) {
        return maskText(json, row -> maskPersonal(row, null));
    }

    private static JsonNode maskPersonal(JsonNode node, String parentKey) {
        if (node.isTextual()) {
            return TextNode.valueOf(mask(node.textValue()));
        }
        if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                array.set(i, maskPersonal(array.get(i), parentKey));
            }
        } else if (node instanceof ObjectNode object) {
            for (Map.Entry<String, JsonNode> field : object.properties()) {
                String key = field.getKey();
                JsonNode value = field.getValue();
                if (value.isNull()) {
                    continue;
                }
                if (key.equals(METADATA)) {
                    field.setValue(TextNode.valueOf(REPLACED));
                } else if (NAME_FIELDS.contains(key) && value.isTextual() && !"bank".equals(parentKey)) {
                    field.setValue(TextNode.valueOf(initials(value.textValue())));
                } else if (NUMBER_FIELDS.contains(key) && (value.isTextual() || value.isNumber())) {
                    field.setValue(TextNode.valueOf(maskValue(value.asText())));
                } else {
                    field.setValue(maskPersonal(value, key));
                }
            }
        }
        return node;
    }

    /** Each word's first letter, the rest of it as {@code *}. */
    private static String initials(String name) {
        StringBuilder masked = new StringBuilder(name.length());
        boolean wordStart = true;
        for (int i = 0; i < name.length(); ) {
            int c = name.codePointAt(i);
            if (Character.isWhitespace(c)) {
                masked.appendCodePoint(c);
                wordStart = true;
            } else {
                if (wordStart) {
                    masked.appendCodePoint(c);
                } else {
                    masked.append('*');
                }
                wordStart = false;
            }
            i += Character.charCount(c);
        }
        return masked.toString();
    }

    /** Free text (a log line, an error message) with every phone or account number masked. */
    public static String mask(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String fieldsMasked = FIELD_IN_TEXT.matcher(text)
                .replaceAll(m -> Matcher.quoteReplacement(m.group(1) + maskValue(m.group(2)) + "\""));
        return NUMBER.matcher(fieldsMasked).replaceAll(m -> Matcher.quoteReplacement(keepEnds(m.group(), KEEP)));
    }

    /**
     * A copy of a JSON document with {@code phone} and {@code bank_account} values masked wherever they are, and every
     * other string masked as free text (which also covers JSON held inside a string, such as a dead letter's payload).
     */
    public static JsonNode maskJson(JsonNode document) {
        JsonNode copy = document.deepCopy();
        return maskNode(copy);
    }

    /** {@link #maskJson} of a JSON text; text that is not JSON is masked as free text. */
    public static String maskJsonText(String json) {
        return maskText(json, PiiMasker::maskNode);
    }

    /** The JSON text with {@code masking} applied to its tree; text that is not JSON masked as free text. */
    private static String maskText(String json, UnaryOperator<JsonNode> masking) {
        JsonNode document;
        try {
            document = Json.MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            return mask(json);
        }
        return document == null ? mask(json) : Json.write(masking.apply(document));
    }

    /**
     * A JSON document as a caller sees it: as it is for a caller that may also act on it ({@link Scopes#MONITORING_WRITE}:
     * replay, delete), {@link #maskJsonText masked} for everyone else.
     */
    public static String maskedFor(Set<String> callerScopes, String json) {
        return callerScopes != null && callerScopes.contains(Scopes.MONITORING_WRITE) ? json : maskJsonText(json);
    }

    private static JsonNode maskNode(JsonNode node) {
        if (node.isTextual()) {
            return TextNode.valueOf(mask(node.textValue()));
        }
        if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                array.set(i, maskNode(array.get(i)));
            }
        } else if (node instanceof ObjectNode object) {
            for (Map.Entry<String, JsonNode> field : object.properties()) {
                JsonNode value = field.getValue();
                boolean sensitive = FIELDS.contains(field.getKey()) && (value.isTextual() || value.isNumber());
                field.setValue(sensitive ? TextNode.valueOf(maskValue(value.asText())) : maskNode(value));
            }
        }
        return node;
    }

    /** A sensitive field's value: the ends kept when it has more than six digits, every digit masked otherwise. */
    private static String maskValue(String value) {
        long digits = value.chars().filter(Character::isDigit).count();
        return keepEnds(value, digits > 2 * KEEP ? KEEP : 0);
    }

    private static String keepEnds(String number, int keep) {
        long digits = number.chars().filter(Character::isDigit).count();
        StringBuilder masked = new StringBuilder(number.length());
        int seen = 0;
        for (int i = 0; i < number.length(); i++) {
            char c = number.charAt(i);
            if (Character.isDigit(c)) {
                masked.append(seen < keep || seen >= digits - keep ? c : '*');
                seen++;
            } else {
                masked.append(c);
            }
        }
        return masked.toString();
    }
}
