package com.rateplatform.gateway.deadletter;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import com.rateplatform.gateway.contract.ApiException;
import com.rateplatform.gateway.contract.QueryParameters;
import com.rateplatform.gateway.contract.TimeRange;
import com.rateplatform.gateway.security.PiiMasker;
import com.rateplatform.gateway.stream.StreamId;

/**
 * Which dead-letter entries a listing or a replay by filter covers. Every part is optional and all given parts must
 * match:
 * <ul>
 * <li>{@code error}: text contained in the error or the error code, case-insensitive;</li>
 * <li>{@code error_code}, {@code source}, {@code request_id}: equal;</li>
 * <li>{@code from}, {@code to}: when the entry was dead-lettered (its stream id is that time), {@code [from, to)};</li>
 * <li>{@code q}: text contained, case-insensitive, in the entry's fields other than its payload (id, error, error
 * code, origin stream and id, request id, source, caller, time), matched as masked text: the payload and phone or
 * account numbers are never searched, so a search cannot tell a reader who may not see them whether they are there.</li>
 * </ul>
 */
record DeadLetterFilter(String error, String errorCode, String source, String requestId, TimeRange time, String text) {

    /** The entry fields {@code q} searches. */
    private static final List<String> SEARCHED = List.of("id", "uuidv7", "error", "error_code", "origin_stream", "origin_id",
            "request_id", "source", "user_id", "ts");

    static DeadLetterFilter of(String error, String errorCode, String source, String requestId, String from, String to,
                               String text) {
        return new DeadLetterFilter(QueryParameters.text(error), QueryParameters.text(errorCode), QueryParameters.text(source),
                QueryParameters.text(requestId), TimeRange.of(from, to), lowerCase(QueryParameters.text(text)));
    }

    /** From a replay-by-filter body: {@code {"error", "error_code", "source", "request_id", "from", "to", "q"}}. */
    static DeadLetterFilter of(JsonNode body) {
        return of(textOf(body, "error"), textOf(body, "error_code"), textOf(body, "source"), textOf(body, "request_id"),
                textOf(body, "from"), textOf(body, "to"), textOf(body, "q"));
    }

    boolean matches(Map<String, Object> entry) {
        if (error != null) {
            String haystack = valueOf(entry, "error") + " " + valueOf(entry, "error_code");
            if (!haystack.toLowerCase(Locale.ROOT).contains(error.toLowerCase(Locale.ROOT))) {
                return false;
            }
        }
        if (!equalOrOpen(errorCode, entry.get("error_code")) || !equalOrOpen(source, entry.get("source"))
            || !equalOrOpen(requestId, entry.get("request_id"))) {
            return false;
        }
        return text == null || SEARCHED.stream().anyMatch(field -> searchable(entry, field).contains(text));
    }

    /** The oldest id in the time range, for XRANGE/XREVRANGE: {@code -} when open. */
    String lowest() {
        return time.from() == null ? "-" : StreamId.of(time.from().toEpochMilli(), 0).toString();
    }

    /**
     * The newest id to read, for XREVRANGE: below the cursor (the last id of the previous page) and below {@code to}.
     */
    String highestBelow(String cursor) {
        StreamId end = time.to() == null ? null : StreamId.of(time.to().toEpochMilli(), 0);
        if (cursor != null) {
            StreamId after = parseCursor(cursor);
            end = end == null ? after : StreamId.min(end, after);
        }
        return end == null ? "+" : "(" + end;
    }

    /** The newest id to read, for XRANGE: {@code +} when open. */
    String highest() {
        return time.to() == null ? "+" : "(" + StreamId.of(time.to().toEpochMilli(), 0);
    }

    /** The filter for the audit log: what was asked, the text search masked as any text is before it is stored. */
    Map<String, Object> describe() {
        Map<String, Object> described = new LinkedHashMap<>();
        putIfSet(described, "error", error == null ? null : PiiMasker.mask(error));
        putIfSet(described, "error_code", errorCode);
        putIfSet(described, "source", source);
        putIfSet(described, "request_id", requestId);
        putIfSet(described, "from", time.from());
        putIfSet(described, "to", time.to());
        putIfSet(described, "q", text == null ? null : PiiMasker.mask(text));
        return described;
    }

    private static StreamId parseCursor(String cursor) {
        try {
            return StreamId.parse(cursor.trim());
        } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
            throw ApiException.badRequest("INVALID_VALUE", "cursor must be the next_cursor of a previous page", "cursor");
        }
    }

    private static String searchable(Map<String, Object> entry, String field) {
        return PiiMasker.mask(valueOf(entry, field)).toLowerCase(Locale.ROOT);
    }

    private static String valueOf(Map<String, Object> entry, String field) {
        Object value = entry.get(field);
        return value == null ? "" : value.toString();
    }

    private static boolean equalOrOpen(String wanted, Object actual) {
        return wanted == null || wanted.equals(actual);
    }

    private static String lowerCase(String text) {
        return text == null ? null : text.toLowerCase(Locale.ROOT);
    }

    private static String textOf(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw ApiException.badRequest("INVALID_TYPE", field + " must be a string", field);
        }
        return value.textValue();
    }

    private static void putIfSet(Map<String, Object> map, String key, Object value) {
        if (value != null) {
            map.put(key, value.toString());
        }
    }
}
