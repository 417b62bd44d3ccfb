package com.rateplatform.gateway.push;

import java.util.regex.Pattern;

import com.rateplatform.gateway.api.ApiException;

/**
 * For development and demos only: the token {@code dev.<caller>} stands for that caller, with no secret at all. It
 * works only when {@code PUSH_DEV_AUTH=true}; otherwise (the default) it refuses every token, so a gateway deployed
 * without a real authenticator pushes nothing to anyone. The token never names the caller {@code anonymous}, whom
 * every unauthenticated HTTP request is recorded as.
 */
public final class DevelopmentAuthenticator implements PushAuthenticator {

    static final String PREFIX = "dev.";
    private static final Pattern CALLER = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private final boolean enabled;

    public DevelopmentAuthenticator(boolean enabled) {
        this.enabled = enabled;
    }

    public boolean enabled() {
        return enabled;
    }

    @Override
    public String callerFor(String bearerToken) {
        if (!enabled) {
            throw new ApiException(401, "INVALID_TOKEN", "no authenticator is configured for push connections", null);
        }
        if (bearerToken == null || !bearerToken.startsWith(PREFIX)) {
            throw new ApiException(401, "INVALID_TOKEN", "development tokens look like dev.<caller>", null);
        }
        String caller = bearerToken.substring(PREFIX.length());
        if (!CALLER.matcher(caller).matches() || caller.equals("anonymous")) {
            throw new ApiException(401, "INVALID_TOKEN", "a development caller is 1 to 64 of A-Z a-z 0-9 _ - and not 'anonymous'", null);
        }
        return caller;
    }
}
