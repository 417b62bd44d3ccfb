package com.rateplatform.gateway.message;

/**
 * A stream entry that can never be processed, however often it is retried: it belongs in the dead-letter stream. Its
 * {@link #errorCode()} is what the dead letter and the request's status report.
 */
public class MalformedMessageException extends RuntimeException {

    /** Not JSON, or not the shape of a message. */
    public static final String MALFORMED_ENTRY = "MALFORMED_ENTRY";
    /** A field that must travel sealed is in clear (written by a version without stream encryption, or by someone else). */
    public static final String PAYLOAD_NOT_SEALED = "PAYLOAD_NOT_SEALED";

    private final String errorCode;

    public MalformedMessageException(String message, Throwable cause) {
        this(MALFORMED_ENTRY, message, cause);
    }

    public MalformedMessageException(String errorCode, String message, Throwable cause) {
        super(message, cause);
        this.errorCode = errorCode;
    }

    public String errorCode() {
        return errorCode;
    }
}
