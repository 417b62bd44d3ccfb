package com.rateplatform.gateway.api;

import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import com.rateplatform.gateway.contract.ApiException;
import com.rateplatform.gateway.message.Item;
import com.rateplatform.gateway.message.Json;

/**
 * The shape every item must have, wherever it comes in (a request body, a line of a bulk import): a JSON object whose
 * {@code item_id}, {@code name}, {@code phone}, {@code bank_account} and {@code bank_code} are strings of at most
 * {@code maxFieldLength} characters when present, and no string of which (metadata included) holds a control
 * character or half a surrogate pair (PostgreSQL refuses NUL in text). A refusal names the field at fault under the
 * caller's path.
 */
public final class ItemShape {

    private static final String[] TEXT_FIELDS = { "item_id", "name", "phone", "bank_account", "bank_code" };

    private final int maxFieldLength;

    public ItemShape(int maxFieldLength) {
        this.maxFieldLength = maxFieldLength;
    }

    /**
     * @param node     the item as sent
     * @param path     where the item sits ({@code data.items[3]}), or empty where the item is the whole document
     * @param position 1-based position, which names an item that has no {@code item_id}
     */
    public Item item(JsonNode node, String path, long position) {
        if (!node.isObject()) {
            throw ApiException.badRequest("INVALID_TYPE", "must be an object", path.isEmpty() ? null : path);
        }
        String prefix = path.isEmpty() ? "" : path + ".";
        for (String field : TEXT_FIELDS) {
            text(node, field, prefix);
        }
        JsonNode metadata = node.get("metadata");
        if (metadata != null) {
            checkStrings(metadata, prefix + "metadata");
        }
        Item item;
        try {
            item = Json.MAPPER.treeToValue(node, Item.class);
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("INVALID_TYPE", e.getOriginalMessage(), path.isEmpty() ? null : path);
        }
        return item.itemId() == null ? item.withItemId(defaultItemId(position)) : item;
    }

    /** The {@code item_id} given to the item at a 1-based position that came without one. */
    public static String defaultItemId(long position) {
        return String.format("item_%03d", position);
    }

    /**
     * A string field that may be absent or null; refused when it holds another type or is too long.
     *
     * @param prefix put in front of the field name in the error ({@code requests[0].})
     * @return the text, or null when absent
     */
    public String text(JsonNode node, String field, String prefix) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw ApiException.badRequest("INVALID_TYPE", field + " must be a string", prefix + field);
        }
        String text = value.textValue();
        if (text.length() > maxFieldLength) {
            throw ApiException.badRequest("FIELD_TOO_LONG", field + " is longer than " + maxFieldLength + " characters",
                    prefix + field);
        }
        checkText(text, prefix + field);
        return text;
    }

    /** Every string and key of a free-form JSON value, such as metadata. */
    static void checkStrings(JsonNode node, String path) {
        if (node.isTextual()) {
            checkText(node.textValue(), path);
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                checkStrings(node.get(i), path + "[" + i + "]");
            }
        } else if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                checkText(field.getKey(), path);
                checkStrings(field.getValue(), path + "." + field.getKey());
            }
        }
    }

    /** Refuses control characters (tab, line feed and carriage return aside) and unpaired surrogates. */
    static void checkText(String text, String path) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c) && c != '\t' && c != '\n' && c != '\r') {
                throw ApiException.badRequest("INVALID_VALUE", "contains the control character U+"
                                                               + String.format("%04X", (int) c), path);
            }
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw ApiException.badRequest("INVALID_VALUE", "contains half of a UTF-16 surrogate pair", path);
            }
        }
    }

}
