package com.rateplatform.gateway.message;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** Where the response goes: the response stream (set by the gateway from the source) and an optional webhook. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record CallbackConfig(String stream, String webhookUrl) {
}
