package com.rateplatform.gateway.validation;

import java.util.Arrays;
import java.util.Optional;
import java.util.function.Function;

import com.rateplatform.gateway.message.Item;

/** The fields of an item that rules can require, by their wire names. */
enum ItemField {
    ITEM_ID("item_id", Item::itemId),
    NAME("name", Item::name),
    PHONE("phone", Item::phone),
    BANK_ACCOUNT("bank_account", Item::bankAccount),
    BANK_CODE("bank_code", Item::bankCode);

    private final String key;
    private final Function<Item, String> accessor;

    ItemField(String key, Function<Item, String> accessor) {
        this.key = key;
        this.accessor = accessor;
    }

    String key() {
        return key;
    }

    /** A field is present when it holds something other than whitespace. */
    boolean isPresentIn(Item item) {
        return isPresent(accessor.apply(item));
    }

    static boolean isPresent(String value) {
        return value != null && !value.isBlank();
    }

    static Optional<ItemField> ofKey(String key) {
        return Arrays.stream(values()).filter(field -> field.key.equals(key)).findFirst();
    }

    static String keys() {
        return String.join(", ", Arrays.stream(values()).map(ItemField::key).toList());
    }
}
