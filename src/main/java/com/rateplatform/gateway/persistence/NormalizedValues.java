package com.rateplatform.gateway.persistence;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.rateplatform.gateway.message.ItemResult;

/**
 * The normalized values a validation result carries in its {@code details} (see docs/Validation-Rules.md):
 * {@code details.phone.e164}, {@code details.bank_account}, {@code details.bank.bin}, {@code details.name};
 * and the item's errors from {@code details.errors}.
 */
record NormalizedValues(String phone, String bankAccount, String bank, String name) {

    record ItemError(String field, String code, String message) {
    }

    private static final NormalizedValues NONE = new NormalizedValues(null, null, null, null);

    static NormalizedValues of(ItemResult result) {
        if (result == null || result.details() == null) {
            return NONE;
        }
        Map<String, Object> details = result.details();
        return new NormalizedValues(text(nested(details.get("phone"), "e164")), text(details.get("bank_account")),
                text(nested(details.get("bank"), "bin")), text(details.get("name")));
    }

    /**
     * The phone whose reports a {@code check} counts: the normalized phone, or for a number from before a
     * renumbering ({@code PHONE_RENUMBERED}) the current number it became, {@code details.current_phone.e164}.
     */
    static String phoneForReports(ItemResult result) {
        NormalizedValues normalized = of(result);
        if (normalized.phone() != null || result == null || result.details() == null) {
            return normalized.phone();
        }
        return text(nested(result.details().get("current_phone"), "e164"));
    }

    /** Every error of the item in reported order; the error code alone when there is no list. */
    static List<ItemError> errorsOf(ItemResult result) {
        List<ItemError> errors = new ArrayList<>();
        Object listed = result.details() == null ? null : result.details().get("errors");
        if (listed instanceof List<?> list) {
            for (Object entry : list) {
                if (entry instanceof Map<?, ?> map && map.get("code") != null) {
                    errors.add(new ItemError(text(map.get("field")), String.valueOf(map.get("code")), text(map.get("message"))));
                }
            }
        }
        if (errors.isEmpty() && result.errorCode() != null) {
            errors.add(new ItemError(null, result.errorCode(), null));
        }
        return errors;
    }

    private static Object nested(Object value, String key) {
        return value instanceof Map<?, ?> map ? map.get(key) : value instanceof String ? value : null;
    }

    private static String text(Object value) {
        return value instanceof String s ? s : null;
    }
}
