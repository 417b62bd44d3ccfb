package com.rateplatform.gateway.contract;

import java.time.Instant;
import java.time.format.DateTimeParseException;

/** Query parameters shared by the listing endpoints, each refused with a 400 naming it when it cannot be read. */
public final class QueryParameters {

    private QueryParameters() {
    }

    /** A page size: the default when absent, else a whole number from 1 to {@code max}. */
    public static int limit(String value, int defaultLimit, int max) {
        if (value == null || value.isBlank()) {
            return defaultLimit;
        }
        try {
            int limit = Integer.parseInt(value.trim());
            if (limit >= 1 && limit <= max) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw ApiException.badRequest("INVALID_VALUE", "limit must be a whole number from 1 to " + max, "limit");
    }

    /** An ISO-8601 instant ({@code 2026-11-22T10:00:00Z}, or with an offset); null when absent. */
    public static Instant instant(String value, String name) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest("INVALID_VALUE", name + " must be an ISO-8601 time such as 2026-11-22T10:00:00Z", name);
        }
    }

    /** The text, trimmed; null when absent or blank. */
    public static String text(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
