package com.rateplatform.gateway.validation;

import java.util.List;
import java.util.Map;

import com.rateplatform.gateway.message.Item;
import com.rateplatform.gateway.message.ItemResult;

/** Items and result accessors shared by the validation tests; the bundled rules are loaded once. */
final class Items {

    /** The validator of the bundled config/validation-rules.yaml and config/banks.yaml. */
    static final ItemValidator BUNDLED = ItemValidator.load("");

    /** A phone that passes every rule, for items that test another field. */
    static final String VALID_PHONE = "0912345678";

    private Items() {
    }

    static Item item(String name, String phone, String bankAccount, String bankCode) {
        return new Item("item-1", name, phone, bankAccount, bankCode, null);
    }

    static ItemResult validatePhone(String phone) {
        return BUNDLED.validate("validate", item(null, phone, null, null));
    }

    static ItemResult validateName(String name) {
        return BUNDLED.validate("validate", item(name, VALID_PHONE, null, null));
    }

    static ItemResult validateAccount(String bankAccount, String bankCode) {
        return BUNDLED.validate("validate", item(null, null, bankAccount, bankCode));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> phoneDetails(ItemResult result) {
        return (Map<String, Object>) result.details().get(DetailKeys.PHONE);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> bankDetails(ItemResult result) {
        return (Map<String, Object>) result.details().get(DetailKeys.BANK);
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> errors(ItemResult result) {
        return (List<Map<String, Object>>) result.details().get(DetailKeys.ERRORS);
    }

    static List<Object> errorCodes(ItemResult result) {
        return errors(result).stream().map(error -> error.get(DetailKeys.ERROR_CODE)).toList();
    }
}
