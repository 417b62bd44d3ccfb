package com.rateplatform.gateway.importer;

import java.io.IOException;
import java.io.InputStream;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;

import com.rateplatform.gateway.api.ItemShape;
import com.rateplatform.gateway.contract.ApiException;
import com.rateplatform.gateway.message.Json;

/**
 * The JSON body {@code {"data": {"items": [...]}, "callback_config": {...}}} read with Jackson's streaming parser: one
 * item is a tree at a time, the rest of the body is never held. {@code callback_config} may come before or after
 * {@code data}; other keys are passed over. Malformed JSON ends the body (the parser cannot resume after it), so it
 * is refused whatever the bad-line policy.
 */
final class JsonItemReader implements ItemReader {

    private final JsonParser parser;
    private final ItemShape shape;
    private boolean started;
    private boolean inData;
    private boolean inItems;
    private boolean sawItems;
    private boolean done;
    private long index;
    private String webhookUrl;

    JsonItemReader(InputStream body, ItemShape shape) throws IOException {
        this.parser = Json.MAPPER.createParser(body);
        this.shape = shape;
    }

    @Override
    public Entry next() throws IOException {
        try {
            return advance();
        } catch (JsonParseException e) {
            throw ApiException.badRequest("MALFORMED_JSON", "malformed JSON at line " + e.getLocation().getLineNr()
                                                            + ", column " + e.getLocation().getColumnNr() + ": "
                                                            + e.getOriginalMessage(), null)
                    .withDetail("line", e.getLocation().getLineNr());
        }
    }

    private Entry advance() throws IOException {
        if (done) {
            return null;
        }
        if (!started) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw ApiException.badRequest("EMPTY_BODY", "the request body is empty", null);
            }
            if (first != JsonToken.START_OBJECT) {
                throw ApiException.badRequest("INVALID_TYPE", "the body must be a JSON object", null);
            }
            started = true;
        }
        while (true) {
            if (inItems) {
                JsonToken token = parser.nextToken();
                if (token == JsonToken.END_ARRAY) {
                    inItems = false;
                    continue;
                }
                long line = parser.currentTokenLocation().getLineNr();
                String path = "data.items[" + index + "]";
                index++;
                JsonNode node = parser.readValueAsTree();
                return new Entry(line, index, path, node, null);
            }
            JsonToken token = parser.nextToken();
            if (token == JsonToken.END_OBJECT) {
                if (inData) {
                    inData = false;
                    continue;
                }
                done = true;
                if (!sawItems) {
                    throw ApiException.badRequest("FIELD_REQUIRED", "data.items must be a non-empty array", "data.items");
                }
                return null;
            }
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            if (inData && "items".equals(name)) {
                if (value != JsonToken.START_ARRAY) {
                    throw ApiException.badRequest("FIELD_REQUIRED", "data.items must be a non-empty array", "data.items");
                }
                inItems = true;
                sawItems = true;
            } else if (!inData && "data".equals(name)) {
                if (value != JsonToken.START_OBJECT) {
                    throw ApiException.badRequest("FIELD_REQUIRED", "data must be an object with an items array", "data");
                }
                inData = true;
            } else if (!inData && "callback_config".equals(name)) {
                readCallbackConfig(parser.readValueAsTree());
            } else {
                parser.skipChildren();
            }
        }
    }

    private void readCallbackConfig(JsonNode callback) {
        if (callback == null || callback.isNull()) {
            return;
        }
        if (!callback.isObject()) {
            throw ApiException.badRequest("INVALID_TYPE", "must be an object", "callback_config");
        }
        webhookUrl = shape.text(callback, "webhook_url", "callback_config.");
    }

    @Override
    public String webhookUrl() {
        return webhookUrl;
    }

    @Override
    public void close() throws IOException {
        parser.close();
    }
}
