package com.rateplatform.gateway.importer;

import java.util.Locale;

import com.rateplatform.gateway.contract.ApiException;

/** The two bodies a bulk import accepts, told apart by Content-Type. */
public enum BulkFormat {
    /** {@code application/x-ndjson}: one item per line. */
    NDJSON,
    /** {@code application/json}: {@code {"data": {"items": [...]}, "callback_config": {...}}}. */
    JSON;

    /** The format a Content-Type names; 415 for any other type, or another charset than UTF-8. */
    public static BulkFormat of(String contentType) {
        String[] parts = contentType == null ? new String[] { "" } : contentType.split(";");
        String mediaType = parts[0].trim().toLowerCase(Locale.ROOT);
        for (int i = 1; i < parts.length; i++) {
            String[] parameter = parts[i].split("=", 2);
            if (parameter[0].trim().equalsIgnoreCase("charset") && parameter.length == 2
                && !parameter[1].trim().replace("\"", "").equalsIgnoreCase("utf-8")) {
                throw unsupported("bulk bodies must be UTF-8, not " + parameter[1].trim());
            }
        }
        return switch (mediaType) {
            case "application/x-ndjson" -> NDJSON;
            case "application/json" -> JSON;
            default -> throw unsupported("send the body as Content-Type: application/x-ndjson (one item per line) or application/json");
        };
    }

    private static ApiException unsupported(String message) {
        return new ApiException(415, "UNSUPPORTED_MEDIA_TYPE", message, null);
    }
}
