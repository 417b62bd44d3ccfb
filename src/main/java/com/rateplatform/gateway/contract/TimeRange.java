package com.rateplatform.gateway.contract;

import java.time.Instant;

/**
 * The time range {@code [from, to)} of a listing's {@code from} and {@code to} query parameters (ISO-8601 instants),
 * either end open (null).
 */
public record TimeRange(Instant from, Instant to) {

    public static final TimeRange ALL = new TimeRange(null, null);

    public static TimeRange of(String from, String to) {
        TimeRange range = new TimeRange(QueryParameters.instant(from, "from"), QueryParameters.instant(to, "to"));
        if (range.from != null && range.to != null && !range.from.isBefore(range.to)) {
            throw ApiException.badRequest("INVALID_VALUE", "from must be before to", "from");
        }
        return range;
    }
}
