package com.rateplatform.gateway.message;

import java.util.Map;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** The verdict on one item (plan, "Response Message Format"). {@code errorCode} is null when the verdict is DONE. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ItemResult(String itemId, Verdict verdict, String errorCode, double confidence, Map<String, Object> details) {

    public enum Verdict {
        DONE,
        ERROR
    }
}
