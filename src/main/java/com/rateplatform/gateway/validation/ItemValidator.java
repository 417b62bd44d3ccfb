package com.rateplatform.gateway.validation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.rateplatform.gateway.message.Item;
import com.rateplatform.gateway.message.ItemResult;

/**
 * Checks one item. Thread-safe and free of I/O: it knows nothing of Redis, HTTP or the database.
 *
 * <p>Foundation rules only (presence and basic shape); the full Vietnamese rules replace them.
 */
public class ItemValidator {

    /** @param rulesLocation a file path or classpath: URL of the rules file; empty for the bundled defaults */
    public static ItemValidator load(String rulesLocation) {
        return new ItemValidator();
    }

    public ItemResult validate(String action, Item item) {
        List<Map<String, Object>> errors = new ArrayList<>();
        Map<String, Object> details = new LinkedHashMap<>();
        if (isBlank(item.phone()) && isBlank(item.bankAccount())) {
            errors.add(error("phone", "FIELD_REQUIRED", "phone or bank_account is required"));
        }
        if (!isBlank(item.phone()) && !item.phone().replaceAll("[\\s().-]", "").matches("\\+?\\d{8,15}")) {
            errors.add(error("phone", "PHONE_UNPARSEABLE", "phone is not a number"));
        }
        if (!isBlank(item.bankAccount()) && !item.bankAccount().replaceAll("[\\s-]", "").matches("\\d{6,19}")) {
            errors.add(error("bank_account", "BANK_ACCOUNT_INVALID_FORMAT", "bank_account must be 6 to 19 digits"));
        }
        if (item.name() != null && item.name().strip().length() < 2) {
            errors.add(error("name", "NAME_LENGTH", "name must have at least 2 characters"));
        }
        if (errors.isEmpty()) {
            return new ItemResult(item.itemId(), ItemResult.Verdict.DONE, null, 1.0, details);
        }
        details.put("errors", errors);
        return new ItemResult(item.itemId(), ItemResult.Verdict.ERROR, (String) errors.get(0).get("code"), 1.0, details);
    }

    private static Map<String, Object> error(String field, String code, String message) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("field", field);
        error.put("code", code);
        error.put("message", message);
        return error;
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
