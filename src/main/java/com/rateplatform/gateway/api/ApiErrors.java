package com.rateplatform.gateway.api;

import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.lettuce.core.RedisException;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.rateplatform.gateway.contract.ApiException;
import com.rateplatform.gateway.contract.ExchangeProperties;
import com.rateplatform.gateway.message.Json;
import com.rateplatform.gateway.persistence.RequestIdConflictException;

/**
 * Turns the exception that ended an HTTP exchange into a JSON error: the client's mistakes keep their status (a
 * {@code request_id} reused for a different request is one: 409), an unavailable Redis or database becomes 503 with
 * Retry-After, anything else a 500 that names no internals.
 */
public class ApiErrors {

    private static final Logger LOG = LoggerFactory.getLogger(ApiErrors.class);

    private final int retryAfterSeconds;
    private final IntakeListener listener;

    public ApiErrors(int retryAfterSeconds) {
        this(retryAfterSeconds, IntakeListener.NONE);
    }

    /** @param listener told of every error answered, with the scope of the route */
    public ApiErrors(int retryAfterSeconds, IntakeListener listener) {
        this.retryAfterSeconds = retryAfterSeconds;
        this.listener = listener;
    }

    public void render(Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        ApiException error = classify(exchange, cause);
        listener.rejected(error, exchange.getProperty(ExchangeProperties.REQUIRED_SCOPE, String.class));
        exchange.getMessage().removeHeaders("*");
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, error.status());
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        if (error.status() == 503) {
            exchange.getMessage().setHeader("Retry-After", retryAfterSeconds);
        }
        error.headers().forEach(exchange.getMessage()::setHeader);
        exchange.getMessage().setBody(body(error));
    }

    public static String body(ApiException error) {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("code", error.code());
        detail.put("message", error.getMessage());
        if (error.field() != null) {
            detail.put("field", error.field());
        }
        detail.putAll(error.details());
        return Json.write(Map.of("error", detail));
    }

    private ApiException classify(Exchange exchange, Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof ApiException api) {
                return api;
            }
            if (t instanceof RequestIdConflictException conflict) {
                return RequestIntake.requestIdConflict(conflict.requestIds(),
                        exchange.getProperty(ExchangeProperties.ACCEPTED_REQUESTS, List.class),
                        exchange.getProperty(ExchangeProperties.BATCH, Boolean.class));
            }
            if (t instanceof RedisException || t instanceof SQLException) {
                String part = t instanceof RedisException ? "Redis" : "database";
                LOG.warn("{} unavailable while serving {}: {}", part, exchange.getFromRouteId(), t.getMessage());
                return new ApiException(503, "SERVICE_UNAVAILABLE",
                        "The service is temporarily unavailable; retry later with the same request_id", null);
            }
        }
        LOG.error("Unexpected failure in route {}", exchange.getFromRouteId(), cause);
        return new ApiException(500, "INTERNAL_ERROR", "Internal error; it has been logged", null);
    }
}
