package com.rateplatform.gateway.importer;

import java.util.Locale;

/** What a bulk import does with a line (or an item of a JSON body) that is not a valid item. */
public enum BadLinePolicy {
    /** Refuse the line, report it with its line number in the answer and the batch status, and go on. */
    SKIP,
    /** Stop reading at the line and answer 400 naming it; chunks sent before it are still validated. */
    STOP;

    public static BadLinePolicy of(String value) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("IMPORT_ON_BAD_LINE must be skip or stop, not '" + value + "'", e);
        }
    }
}
