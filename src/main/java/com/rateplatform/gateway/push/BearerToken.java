package com.rateplatform.gateway.push;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The bearer token of a push client, from the first place that holds one: the {@code Authorization: Bearer} header
 * (clients that can set headers), the {@code Sec-WebSocket-Protocol} header as {@code bearer, <token>} (browsers'
 * WebSocket), or the {@code access_token} query parameter (browsers' EventSource). API-Documentation.md weighs the
 * risks of each.
 *
 * @param fromSubprotocol the token came as a WebSocket subprotocol, so the handshake must select {@value #SUBPROTOCOL}
 */
public record BearerToken(String value, boolean fromSubprotocol) {

    static final String SUBPROTOCOL = "bearer";
    private static final String SCHEME = "bearer ";

    /**
     * The request headers that carry this credential to the REST API's authentication: an API token ({@code rgw_…})
     * as {@code X-API-Token}, anything else as a bearer JWT.
     */
    public static Map<String, String> requestHeaders(String token) {
        return token.startsWith("rgw_") ? Map.of("X-API-Token", token) : Map.of("Authorization", "Bearer " + token);
    }

    /** The token from the first of these that holds one; each may be null. */
    public static Optional<BearerToken> find(String authorization, String subprotocols, String accessToken) {
        if (authorization != null && authorization.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            return nonBlank(authorization.substring(SCHEME.length()).trim(), false);
        }
        if (subprotocols != null) {
            List<String> offered = Arrays.stream(subprotocols.split(",")).map(String::trim).toList();
            int at = offered.indexOf(SUBPROTOCOL);
            if (at >= 0 && at + 1 < offered.size()) {
                return nonBlank(offered.get(at + 1), true);
            }
        }
        return nonBlank(accessToken, false);
    }

    private static Optional<BearerToken> nonBlank(String token, boolean fromSubprotocol) {
        return token == null || token.isBlank() ? Optional.empty() : Optional.of(new BearerToken(token, fromSubprotocol));
    }
}
