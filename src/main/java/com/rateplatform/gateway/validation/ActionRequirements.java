package com.rateplatform.gateway.validation;

import java.util.List;
import java.util.stream.Collectors;

import com.rateplatform.gateway.message.Item;

/**
 * What one request action needs from every item: all of {@code required}, and at least one of
 * {@code requiredAnyOf} when that list is not empty. A missing field gives {@link ErrorCode#FIELD_REQUIRED}.
 */
record ActionRequirements(String action, List<ItemField> required, List<ItemField> requiredAnyOf) {

    ActionRequirements {
        required = List.copyOf(required);
        requiredAnyOf = List.copyOf(requiredAnyOf);
    }

    void check(Item item, Findings findings) {
        for (ItemField field : required) {
            if (!field.isPresentIn(item)) {
                findings.fail(field.key(), ErrorCode.FIELD_REQUIRED, field.key() + " is required for action " + action);
            }
        }
        if (!requiredAnyOf.isEmpty() && requiredAnyOf.stream().noneMatch(field -> field.isPresentIn(item))) {
            String keys = requiredAnyOf.stream().map(ItemField::key).collect(Collectors.joining(" or "));
            findings.fail(keys, ErrorCode.FIELD_REQUIRED, keys + " is required for action " + action);
        }
    }
}
