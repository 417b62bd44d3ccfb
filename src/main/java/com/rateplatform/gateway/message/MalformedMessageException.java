package com.rateplatform.gateway.message;

/** A stream entry that can never be processed, however often it is retried: it belongs in the dead-letter stream. */
public class MalformedMessageException extends RuntimeException {

    public MalformedMessageException(String message, Throwable cause) {
        super(message, cause);
    }
}
