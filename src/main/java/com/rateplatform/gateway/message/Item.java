package com.rateplatform.gateway.message;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** One record to validate. {@code metadata} passes through untouched. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Item(String itemId, String name, String phone, String bankAccount, String bankCode, JsonNode metadata) {

    public Item withItemId(String id) {
        return new Item(id, name, phone, bankAccount, bankCode, metadata);
    }
}
