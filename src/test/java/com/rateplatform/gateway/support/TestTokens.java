package com.rateplatform.gateway.support;

import com.rateplatform.gateway.api.ApiException;
import com.rateplatform.gateway.push.PushAuthenticator;

/** The push authenticator of in-process tests: {@code token-<caller>} is that caller, anything else is refused. */
public final class TestTokens implements PushAuthenticator {

    private static final String PREFIX = "token-";

    public static String of(String caller) {
        return PREFIX + caller;
    }

    @Override
    public String callerFor(String bearerToken) {
        if (bearerToken == null || !bearerToken.startsWith(PREFIX) || bearerToken.length() == PREFIX.length()) {
            throw new ApiException(401, "INVALID_TOKEN", "unknown test token", null);
        }
        return bearerToken.substring(PREFIX.length());
    }
}
