package com.rateplatform.gateway.security;

/** Credentials were presented but cannot be accepted; the message says why, in words fit for the client. */
public class InvalidCredentialsException extends RuntimeException {

    public InvalidCredentialsException(String message) {
        super(message);
    }
}
