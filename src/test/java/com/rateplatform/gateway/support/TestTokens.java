package com.rateplatform.gateway.support;

import java.util.List;

import com.rateplatform.gateway.security.Scopes;

/** Tokens for push clients: a JWT of the test secret for the caller, allowed to send requests and read results. */
public final class TestTokens {

    private TestTokens() {
    }

    public static String of(String caller) {
        return RunningGateway.token(caller, List.of(Scopes.VALIDATION_READ, Scopes.VALIDATION_WRITE));
    }
}
