package com.rateplatform.gateway.contract;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A request the gateway answers with an error of its own making: the HTTP status, a stable code, a message for
 * people, the field at fault where there is one, and response headers the status calls for (WWW-Authenticate on 401,
 * Retry-After and RateLimit-* on 429). Rendered as {@code {"error": {"code", "message", "field"}}}, plus any
 * {@linkplain #withDetail details}.
 */
public class ApiException extends RuntimeException {

    private final int status;
    private final String code;
    private final String field;
    private final Map<String, String> headers;
    private final Map<String, Object> details = new LinkedHashMap<>();

    public ApiException(int status, String code, String message, String field) {
        this(status, code, message, field, Map.of());
    }

    public ApiException(int status, String code, String message, String field, Map<String, String> headers) {
        super(message);
        this.status = status;
        this.code = code;
        this.field = field;
        this.headers = Map.copyOf(headers);
    }

    public static ApiException badRequest(String code, String message, String field) {
        return new ApiException(400, code, message, field);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public String field() {
        return field;
    }

    /** Headers to send with the error response, in addition to Content-Type. */
    public Map<String, String> headers() {
        return headers;
    }

    /** Adds a key to the error object beside code, message and field (a line number, a batch id); returns this. */
    public ApiException withDetail(String key, Object value) {
        details.put(key, value);
        return this;
    }

    public Map<String, Object> details() {
        return Collections.unmodifiableMap(details);
    }
}
